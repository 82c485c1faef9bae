// Drawing a frame again over a cached picture only where it changed (game.window.ScreenPixels):
// u_damage holds one texel per 16-pixel tile of the screen, its first row the top row of tiles
// (the tiles are counted from the top left, as the painter's pixels are), 1 where the tile is
// redrawn this frame. With u_clip on, a fragment in any other tile is discarded: the screen
// there already holds the very pixels it would make. The clip keeps those pixels from being
// blended twice; it saves no shading: llvmpipe ran the whole shader for blocks whose pixels were
// all discarded (a batch of lines, dots and a panel over a 1920x1080 screen took 11.1 ms with no
// tile set and 11.2 ms with every tile set). What saves the work is leaving out the instances
// that touch no redrawn tile (game.damage.ScreenFrame.replay) and tight quads (EDGE_PAD).
uniform int u_clip;
uniform int u_clip_height;  // the screen's height in pixels (gl_FragCoord counts from the bottom)
uniform sampler2D u_damage;

void clip_to_damage() {
    if (u_clip == 1) {
        ivec2 pixel = ivec2(int(gl_FragCoord.x), u_clip_height - 1 - int(gl_FragCoord.y));
        if (texelFetch(u_damage, pixel / 16, 0).r < 0.5) discard;
    }
}
