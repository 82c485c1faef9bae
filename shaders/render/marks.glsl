#version 430
// A plot's data points, each a point sprite: its mark (a disc, or a square with rounded corners)
// and, where the point is read wrong, a ring around it. Each is the painter's anti-aliased
// shape (shapes.glsl: coverage clamp(0.5 - d) of a signed distance d; the ring an outline),
// the ring blended over its mark, so a point looks as the painter's two shapes drawn one after
// the other; points blend over each other in their order. Output is premultiplied alpha
// (blend ONE, ONE_MINUS_SRC_ALPHA).

#if defined VERTEX_SHADER
in vec4 in_mark;        // centre x, y in target pixels (origin top-left), kind (0 disc, 1 square), ringed (0 or 1)
in vec3 in_color;       // the mark's colour (opaque)
uniform vec2 u_size;    // target size in pixels
uniform vec4 u_shape;   // mark radius (a square's half side), square's corner radius, ring's outer radius, ring's width
flat out vec4 v_mark;
flat out vec3 v_color;

void main() {
    v_mark = in_mark;
    v_color = in_color;
    // the pixel centres within half a point's size (each axis): the shape, its anti-aliased
    // edge half a pixel beyond it, and half a pixel to spare
    gl_PointSize = 2.0 * ((in_mark.w > 0.5 ? u_shape.z : u_shape.x) + 1.0);
    gl_Position = vec4(in_mark.x / u_size.x * 2.0 - 1.0, 1.0 - in_mark.y / u_size.y * 2.0, 0.0, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
flat in vec4 v_mark;
flat in vec3 v_color;
uniform vec2 u_size;
uniform vec4 u_shape;
uniform vec3 u_ring;    // the ring's colour
out vec4 f_color;

void main() {
    vec2 p = vec2(gl_FragCoord.x, u_size.y - gl_FragCoord.y) - v_mark.xy;  // from the centre, y down
    // nothing between the mark (a square's corner at most 1.42 radii out) and its ring, nor
    // outside the ring: let go at once (a block of pixels all let go costs no more)
    float l = length(p);
    if (l > u_shape.z + 0.5 || (l > 1.42 * u_shape.x + 0.5 && l < u_shape.z - u_shape.w - 0.5)) discard;
    float d;
    if (v_mark.z > 0.5) {  // shapes.glsl's sd_box, centred
        vec2 q = abs(p) - (u_shape.x - u_shape.y);
        d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - u_shape.y;
    } else {
        d = l - u_shape.x;
    }
    float a = clamp(0.5 - d, 0.0, 1.0);
    if (a < 0.002) a = 0.0;
    float ring = 0.0;
    if (v_mark.w > 0.5) {
        float r = abs(l - u_shape.z + u_shape.w * 0.5) - u_shape.w * 0.5;
        ring = clamp(0.5 - r, 0.0, 1.0);
        if (ring < 0.002) ring = 0.0;
    }
    float alpha = ring + a * (1.0 - ring);
    if (alpha <= 0.0) discard;
    f_color = vec4(u_ring * ring + v_color * a * (1.0 - ring), alpha);
}
#endif
