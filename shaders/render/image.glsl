#version 430
// A picture made offscreen (the lit landscape, its small map) copied into a rectangle of the
// target, with rounded corners. The picture was cleared to transparent black, so it is already
// premultiplied (blend ONE, ONE_MINUS_SRC_ALPHA).

#if defined VERTEX_SHADER
uniform vec4 u_rect;  // x, y, w, h in pixels, y down
uniform vec2 u_size;  // the target in pixels
out vec2 v_uv;
out vec2 v_px;

void main() {
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    vec2 pixel = u_rect.xy + corner * u_rect.zw;
    v_uv = vec2(corner.x, 1.0 - corner.y);
    v_px = corner * u_rect.zw;
    gl_Position = vec4((pixel / u_size * 2.0 - 1.0) * vec2(1.0, -1.0), 0.0, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform sampler2D u_image;
uniform vec4 u_rect;
uniform float u_radius;
in vec2 v_uv;
in vec2 v_px;
out vec4 f_color;

void main() {
    vec2 half_size = u_rect.zw * 0.5;
    vec2 q = abs(v_px - half_size) - (half_size - u_radius);
    float d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - u_radius;
    float a = clamp(0.5 - d, 0.0, 1.0);
    vec4 c = texture(u_image, v_uv);
    f_color = vec4(c.rgb * a, c.a * a);  // the picture is premultiplied (cleared to 0)
}
#endif
