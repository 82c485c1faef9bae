#version 430
// Many dots of one radius and one colour, each a point sprite: the swarm's ghost balls.
// One dot is the painter's anti-aliased disc (shapes.glsl, a segment of zero length:
// coverage clamp(0.5 - d) of alpha a). With STACKS defined each point is a stack of `count`
// dots at one spot, which blends to 1 - (1 - a * coverage)^count, what drawing its dots one by
// one gives (the pow is a quarter of the cost of a dot on llvmpipe: single dots go without).
// Output is premultiplied alpha (blend ONE, ONE_MINUS_SRC_ALPHA).

#if defined VERTEX_SHADER
in vec3 in_dot;         // centre x, y in target pixels (origin top-left), how many dots stacked
uniform vec2 u_size;    // target size in pixels
uniform float u_radius;
flat out vec3 v_dot;

void main() {
    v_dot = in_dot;
    // a point covers the pixel centres within half its size (each axis): the disc, its
    // anti-aliased edge half a pixel beyond the radius, and half a pixel to spare
    gl_PointSize = 2.0 * (u_radius + 1.0);
    gl_Position = vec4(in_dot.x / u_size.x * 2.0 - 1.0, 1.0 - in_dot.y / u_size.y * 2.0, 0.0, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
flat in vec3 v_dot;
uniform vec2 u_size;
uniform float u_radius;
uniform vec4 u_color;   // straight (not premultiplied) colour and alpha of one dot
out vec4 f_color;

void main() {
    vec2 p = vec2(gl_FragCoord.x, u_size.y - gl_FragCoord.y);  // the pixel's centre, origin top-left
    float d = length(p - v_dot.xy) - u_radius;
    float a = u_color.a * clamp(0.5 - d, 0.0, 1.0);
#if defined STACKS
    // blended one by one into an 8-bit target, a dot's alpha under one step of it rounds away
    // however many dots there are: the faint rim of a pile stays as dark as that leaves it
    if (a < 1.0 / 255.0) discard;
    a = 1.0 - pow(1.0 - a, v_dot.z);
#else
    if (a < 0.002) discard;  // as shapes.glsl
#endif
    f_color = vec4(u_color.rgb * a, a);
}
#endif
