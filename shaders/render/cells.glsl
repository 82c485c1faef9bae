#version 430
// Small pictures of coloured cells (a digit's 8 x 8 template), all in one draw: instance i is
// the picture in rows i * u_grid.y .. of the atlas u_cells (row 0 its top row), drawn into the
// rectangle u_rects[i], every cell a hard-edged square (nearest texel), the rectangle's edge
// anti-aliased as the painter's rects. The atlas holds premultiplied colours; output is
// premultiplied alpha (blend ONE, ONE_MINUS_SRC_ALPHA).

#define MAX_PICTURES 16

#if defined VERTEX_SHADER
uniform vec4 u_rects[MAX_PICTURES];  // x, y, w, h in pixels, y down
uniform vec2 u_size;                 // the target in pixels
uniform int u_count;                 // pictures in the atlas
out vec2 v_uv;
out vec2 v_px;
flat out vec2 v_half;

void main() {
    vec4 rect = u_rects[gl_InstanceID];
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    vec2 pixel = rect.xy + corner * rect.zw;
    v_uv = vec2(corner.x, (float(gl_InstanceID) + corner.y) / float(u_count));
    v_px = corner * rect.zw;
    v_half = rect.zw * 0.5;
    gl_Position = vec4((pixel / u_size * 2.0 - 1.0) * vec2(1.0, -1.0), 0.0, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform sampler2D u_cells;
in vec2 v_uv;
in vec2 v_px;
flat in vec2 v_half;
out vec4 f_color;

void main() {
    vec2 q = abs(v_px - v_half) - v_half;
    float a = clamp(0.5 - max(q.x, q.y), 0.0, 1.0);
    f_color = texture(u_cells, v_uv) * a;
}
#endif
