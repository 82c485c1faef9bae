#version 430
// The loss curve y = f(x), drawn per pixel: distance to the curve from f and f' (the
// first-order estimate |y - f(x)| / sqrt(1 + f'(x)^2), in pixels), giving a smooth
// anti-aliased line, a glow around it and a soft fill beneath it.
// CURVE_F and CURVE_DF are GLSL expressions in x from game/sim/expr.py (Expr.glsl()).
#include "include/expr.glsl"

#if defined VERTEX_SHADER
in vec2 in_corner;
uniform vec4 u_rect;     // plot rect in target pixels: x y w h (origin top-left)
uniform vec2 u_size;
out vec2 v_pix;
void main() {
    vec2 p = u_rect.xy + u_rect.zw * in_corner;
    v_pix = p;
    gl_Position = vec4(p.x / u_size.x * 2.0 - 1.0, 1.0 - p.y / u_size.y * 2.0, 0.0, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
in vec2 v_pix;
uniform vec4 u_rect;
uniform vec4 u_world;    // x_lo x_hi y_lo y_hi shown in the rect
uniform float u_width;   // line half width in pixels
uniform float u_glow;    // glow radius in pixels
uniform vec3 u_color;
uniform vec3 u_fill;
out vec4 f_color;

float curve_f(float x) { return CURVE_F; }
float curve_df(float x) { return CURVE_DF; }

void main() {
    float sx = u_rect.z / (u_world.y - u_world.x);   // pixels per unit x
    float sy = u_rect.w / (u_world.w - u_world.z);   // pixels per unit y
    float x = u_world.x + (v_pix.x - u_rect.x) / sx;
    float y = u_world.w - (v_pix.y - u_rect.y) / sy;
    float fx = curve_f(x);
    float dfx = curve_df(x);
    if (isnan(fx) || isinf(fx)) discard;
    float slope_px = isnan(dfx) || isinf(dfx) ? 1e6 : dfx * sy / sx;
    float dy = (y - fx) * sy;                          // signed pixels above the curve
    float d = abs(dy) / sqrt(1.0 + slope_px * slope_px);
    float line = clamp(u_width + 0.5 - d, 0.0, 1.0);
    float glow = 0.65 * exp(-d / u_glow) + 0.25 * exp(-d / (u_glow * 4.0));
    float below = dy < 0.0 ? 0.16 * exp(dy / (u_rect.w * 0.35)) : 0.0;
    vec3 rgb = u_color * (line + glow * (1.0 - line)) + u_fill * below;
    float a = clamp(line + glow * (1.0 - line) + below, 0.0, 1.0);
    f_color = vec4(rgb, a);
}
#endif
