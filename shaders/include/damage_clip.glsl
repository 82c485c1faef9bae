// Drawing a frame again over a cached picture only where it changed (game.window.ScreenPixels):
// u_damage holds one texel per 16-pixel tile of the screen, its first row the top row of tiles
// (the tiles are counted from the top left, as the painter's pixels are), 1 where the tile is
// redrawn this frame. With u_clip on, a fragment in any other tile is discarded: the screen
// there already holds the very pixels it would make. The software rasteriser skips the rest of
// the shader for a block whose pixels are all discarded.
uniform int u_clip;
uniform int u_clip_height;  // the screen's height in pixels (gl_FragCoord counts from the bottom)
uniform sampler2D u_damage;

void clip_to_damage() {
    if (u_clip == 1) {
        ivec2 pixel = ivec2(int(gl_FragCoord.x), u_clip_height - 1 - int(gl_FragCoord.y));
        if (texelFetch(u_damage, pixel / 16, 0).r < 0.5) discard;
    }
}
