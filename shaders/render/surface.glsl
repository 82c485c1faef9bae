#version 430
// A loss landscape as a lit surface: one vertex per grid point (a, b, height) with its normal.
// Colour comes from the height (deep blue valleys to warm peaks), thin contour lines mark equal
// loss, and a directional light with a little specular makes the slopes read as a surface.
// The same program draws the small top-down map (u_flat = 1: no light, an orthographic camera).

#if defined VERTEX_SHADER
in vec3 in_pos;      // x, y in [-1, 1] across the slice; z = height in [0, 1]
in vec3 in_normal;
uniform mat4 u_mvp;
uniform float u_lift;   // height scale: z in world units = height * u_lift
out vec3 v_normal;
out float v_height;

void main() {
    v_height = in_pos.z;
    v_normal = in_normal;
    gl_Position = u_mvp * vec4(in_pos.xy, in_pos.z * u_lift, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
in vec3 v_normal;
in float v_height;
uniform vec3 u_light;    // towards the light, world space, unit length
uniform vec3 u_eye_dir;  // towards the eye, world space, unit length
uniform float u_bands;   // contour lines per unit height
uniform float u_flat;    // 1: flat shading for the top-down map
out vec4 f_color;

vec3 ramp(float t) {
    vec3 deep = vec3(0.04, 0.10, 0.30);
    vec3 mid = vec3(0.16, 0.52, 0.74);
    vec3 high = vec3(0.96, 0.64, 0.26);
    return t < 0.5 ? mix(deep, mid, t * 2.0) : mix(mid, high, (t - 0.5) * 2.0);
}

void main() {
    float t = clamp(v_height, 0.0, 1.0);
    vec3 base = ramp(t);
    vec3 n = normalize(v_normal);
    if (!gl_FrontFacing) n = -n;
    float diffuse = max(dot(n, u_light), 0.0);
    vec3 half_dir = normalize(u_light + u_eye_dir);
    float spec = pow(max(dot(n, half_dir), 0.0), 40.0) * 0.25;
    vec3 lit = base * (0.38 + 0.75 * diffuse) + vec3(spec);
    vec3 color = mix(lit, base, u_flat);
    // contour lines: where height * bands crosses a whole number, a thin light line
    float k = t * u_bands;
    float width = max(fwidth(k), 1e-4);
    float line = 1.0 - clamp(abs(fract(k - 0.5) - 0.5) / width - 0.2, 0.0, 1.0);
    color = mix(color, vec3(0.92, 0.96, 1.0), line * 0.35);
    f_color = vec4(color, 1.0);
}
#endif
