#version 430
// Instanced text: each instance is one glyph quad sampling the coverage atlas (one channel).

#if defined VERTEX_SHADER
in vec2 in_corner;
in vec4 in_rect;     // x y w h in target pixels, origin top-left
in vec4 in_uv;       // u0 v0 u1 v1 in the atlas
in vec4 in_color;
uniform vec2 u_size;
out vec2 v_uv;
flat out vec4 v_color;

void main() {
    vec2 p = in_rect.xy + in_rect.zw * in_corner;
    v_uv = mix(in_uv.xy, in_uv.zw, in_corner);
    v_color = in_color;
    gl_Position = vec4(p.x / u_size.x * 2.0 - 1.0, 1.0 - p.y / u_size.y * 2.0, 0.0, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
in vec2 v_uv;
flat in vec4 v_color;
uniform sampler2D u_atlas;
out vec4 f_color;

void main() {
    float a = texture(u_atlas, v_uv).r * v_color.a;
    if (a < 0.004) discard;
    f_color = vec4(v_color.rgb * a, a);
}
#endif
