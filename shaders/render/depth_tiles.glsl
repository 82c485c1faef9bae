#version 430
// The damage mask written into the screen's depth buffer (game.window.DamageDepth): one
// instance per run of tiles, at the depth that opens them (far: the draws of a settling frame,
// all at z 0, pass GL_LESS there) or shuts them (near: they fail). Colour writes are off; the
// fragment shader writes nothing, so llvmpipe writes the depth before shading.

#if defined VERTEX_SHADER
in vec4 in_rect;      // x0 y0 x1 y1 in pixels, GL's origin (bottom left)
in float in_z;        // 1: open (depth 1.0), -1: shut (depth 0.0)
uniform vec2 u_size;  // the screen in pixels

void main() {
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    vec2 pixel = mix(in_rect.xy, in_rect.zw, corner);
    gl_Position = vec4(pixel / u_size * 2.0 - 1.0, in_z, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
void main() {
}
#endif
