#version 430
// The dark backdrop: a deep vertical gradient with two soft coloured glows and a faint vignette.
// Drawn once into a cached layer, never per frame.

#if defined VERTEX_SHADER
in vec2 in_corner;
out vec2 v_uv;
void main() {
    v_uv = in_corner;
    gl_Position = vec4(in_corner * 2.0 - 1.0, 0.0, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
in vec2 v_uv;
uniform vec2 u_size;
uniform vec3 u_top;
uniform vec3 u_bottom;
uniform vec3 u_glow_a;
uniform vec3 u_glow_b;
out vec4 f_color;

void main() {
    vec2 p = v_uv * u_size / u_size.y;              // aspect-correct, y up
    vec3 c = mix(u_bottom, u_top, v_uv.y);
    float ga = exp(-4.0 * dot(p - vec2(0.15, 0.95), p - vec2(0.15, 0.95)));
    float gb = exp(-3.0 * dot(p - vec2(u_size.x / u_size.y - 0.2, 0.05), p - vec2(u_size.x / u_size.y - 0.2, 0.05)));
    c += u_glow_a * ga * 0.18 + u_glow_b * gb * 0.12;
    vec2 q = v_uv - 0.5;
    c *= 1.0 - 0.55 * dot(q, q);
    // a whisper of noise against banding in the dark gradient
    float n = fract(sin(dot(gl_FragCoord.xy, vec2(12.9898, 78.233))) * 43758.5453);
    c += (n - 0.5) / 255.0;
    f_color = vec4(c, 1.0);
}
#endif
