#version 430
// A cached layer copied back onto the screen in patches (game.window.ScreenPixels): one
// instance per rectangle drawn over since the layer was shown, each pixel fetched unfiltered
// from the same place in the layer (same size, same origin), blending off: the very pixels a
// whole copy would give, in one draw call.

#if defined VERTEX_SHADER
in vec4 in_rect;      // x0 y0 x1 y1 in pixels, GL's origin (bottom left)
uniform vec2 u_size;  // the screen in pixels

void main() {
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    vec2 pixel = mix(in_rect.xy, in_rect.zw, corner);
    gl_Position = vec4(pixel / u_size * 2.0 - 1.0, 0.0, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform sampler2D u_layer;
out vec4 f_color;

void main() {
    f_color = texelFetch(u_layer, ivec2(gl_FragCoord.xy), 0);
}
#endif
