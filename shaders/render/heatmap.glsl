#version 430
// A fate map drawn as one textured rectangle: one texel per cell (nearest), row 0 at the
// bottom. Alpha marks cells by pattern as well as colour: 1 exploded (dark diagonal stripes),
// 0.5 clears the level's goals (a grid of light dots), 0 neither.

#if defined VERTEX_SHADER
uniform vec4 u_rect;  // x, y, w, h in pixels, y down
uniform vec2 u_size;  // the framebuffer in pixels
out vec2 v_uv;

void main() {
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    vec2 pixel = u_rect.xy + corner * u_rect.zw;
    v_uv = vec2(corner.x, 1.0 - corner.y);
    gl_Position = vec4((pixel / u_size * 2.0 - 1.0) * vec2(1.0, -1.0), 0.0, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform sampler2D u_map;   // rgb: the cell's colour; a: 1 where the ball exploded
uniform float u_stripe;    // stripe period in pixels
uniform vec3 u_stripe_color;
uniform vec3 u_dot_color;
in vec2 v_uv;
out vec4 f_color;

void main() {
    vec4 cell = texture(u_map, v_uv);
    float diagonal = mod(gl_FragCoord.x + gl_FragCoord.y, u_stripe);
    bool stripe = cell.a > 0.75 && diagonal < u_stripe * 0.25;
    vec2 grid = mod(gl_FragCoord.xy, u_stripe) - u_stripe * 0.5;
    bool dot_here = cell.a > 0.25 && cell.a < 0.75 && dot(grid, grid) < u_stripe * u_stripe * 0.04;
    vec3 color = stripe ? u_stripe_color : (dot_here ? u_dot_color : cell.rgb);
    f_color = vec4(color, 1.0);
}
#endif
