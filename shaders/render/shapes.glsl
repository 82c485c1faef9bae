#version 430
// Instanced 2D shapes drawn by signed distance: rounded rects, capsules (lines, dots), rings,
// triangles (arrow heads) and stars. Each has an anti-aliased edge and an optional glow. A flat
// box (the inside of a big filled rect) is its colour alone.
// Output is premultiplied alpha (blend ONE, ONE_MINUS_SRC_ALPHA).

#define KIND_RECT 0.0
#define KIND_SEGMENT 1.0
#define KIND_TRIANGLE 2.0
#define KIND_STAR 3.0
#define KIND_FLAT 4.0   // one colour over its whole box, no edge (game.render.painter.flat_inside)
#define EDGE_PAD 1.0    // pixels of quad beyond the last pixel centre a shape covers (game.render.painter)
#define GLOW_REACH 3.0  // radii of glow beyond the edge, where it has faded to nothing (game.render.painter)

#if defined VERTEX_SHADER
in vec2 in_corner;      // 0..1 quad corner
in vec4 in_a;           // rect, flat: x0 y0 x1 y1 | segment: x0 y0 x1 y1 | triangle: ax ay bx by | star: cx cy r_out r_in
in vec4 in_b;           // triangle: cx cy | rect, dot: the quad to draw it in (x0 y0 x1 y1) when x1 > x0: one strip of an
                        // outline, or the part redrawn (game.render.painter.cut_quads)
                        // | segment: from, to (pixels along it from its start) when to > from: the stretch to draw
in vec4 in_style;       // kind, radius or half width, glow, stroke (0 = filled)
in vec4 in_color;
uniform vec2 u_size;    // target size in pixels, origin top-left

out vec2 v_pos;
flat out vec4 v_a;
flat out vec4 v_b;
flat out vec4 v_style;
flat out vec4 v_color;

void main() {
    float kind = in_style.x;
    float pad = in_style.y + in_style.z * GLOW_REACH + EDGE_PAD;
    vec2 lo, hi;
    if (kind == KIND_TRIANGLE) {
        lo = min(min(in_a.xy, in_a.zw), in_b.xy);
        hi = max(max(in_a.xy, in_a.zw), in_b.xy);
        pad = in_style.z * GLOW_REACH + EDGE_PAD;
    } else if (kind == KIND_STAR) {
        lo = in_a.xy - in_a.z;
        hi = in_a.xy + in_a.z;
        pad = in_style.z * GLOW_REACH + EDGE_PAD;
    } else if (kind == KIND_FLAT) {
        lo = min(in_a.xy, in_a.zw);
        hi = max(in_a.xy, in_a.zw);
        pad = 0.0;
    } else {
        lo = min(in_a.xy, in_a.zw);
        hi = max(in_a.xy, in_a.zw);
        if (kind == KIND_RECT) pad = in_style.z * GLOW_REACH + EDGE_PAD;
    }
    vec2 p = mix(lo - pad, hi + pad, in_corner);
    vec2 along = in_a.zw - in_a.xy;
    float span = length(along);
    bool dot = kind == KIND_SEGMENT && span <= 1.0;
    if ((kind == KIND_RECT || dot) && in_b.z > in_b.x) p = mix(in_b.xy, in_b.zw, in_corner);
    if (kind == KIND_SEGMENT && span > 1.0) {
        // a line: a quad along it (as long as the capsule plus the pad at each end, as wide as
        // the capsule plus the pad each side) instead of its bounding box, which for a slanted
        // line is mostly pixels the fragment shader computes and discards
        vec2 u = along / span;
        vec2 n = vec2(-u.y, u.x);
        // a stretch of it (game.render.painter.damaged_rows): the quad along that stretch only
        vec2 along_range = in_b.y > in_b.x ? in_b.xy : vec2(-pad, span + pad);
        p = in_a.xy + u * mix(along_range.x, along_range.y, in_corner.x) + n * mix(-pad, pad, in_corner.y);
    }
    v_pos = p;
    v_a = in_a; v_b = in_b; v_style = in_style; v_color = in_color;
    gl_Position = vec4(p.x / u_size.x * 2.0 - 1.0, 1.0 - p.y / u_size.y * 2.0, 0.0, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
in vec2 v_pos;
flat in vec4 v_a;
flat in vec4 v_b;
flat in vec4 v_style;
flat in vec4 v_color;
out vec4 f_color;

float sd_box(vec2 p, vec2 lo, vec2 hi, float r) {
    vec2 c = (lo + hi) * 0.5;
    vec2 h = (hi - lo) * 0.5 - r;
    vec2 q = abs(p - c) - h;
    return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - r;
}

float sd_segment(vec2 p, vec2 a, vec2 b, float r) {
    vec2 pa = p - a, ba = b - a;
    float h = clamp(dot(pa, ba) / max(dot(ba, ba), 1e-6), 0.0, 1.0);
    return length(pa - ba * h) - r;
}

float sd_triangle(vec2 p, vec2 p0, vec2 p1, vec2 p2) {
    vec2 e0 = p1 - p0, e1 = p2 - p1, e2 = p0 - p2;
    vec2 v0 = p - p0, v1 = p - p1, v2 = p - p2;
    vec2 pq0 = v0 - e0 * clamp(dot(v0, e0) / dot(e0, e0), 0.0, 1.0);
    vec2 pq1 = v1 - e1 * clamp(dot(v1, e1) / dot(e1, e1), 0.0, 1.0);
    vec2 pq2 = v2 - e2 * clamp(dot(v2, e2) / dot(e2, e2), 0.0, 1.0);
    float s = sign(e0.x * e2.y - e0.y * e2.x);
    vec2 d = min(min(vec2(dot(pq0, pq0), s * (v0.x * e0.y - v0.y * e0.x)),
                     vec2(dot(pq1, pq1), s * (v1.x * e1.y - v1.y * e1.x))),
                     vec2(dot(pq2, pq2), s * (v2.x * e2.y - v2.y * e2.x)));
    return -sqrt(d.x) * sign(d.y);
}

// Five-pointed star, point up (Inigo Quilez's sdStar5).
float sd_star(vec2 p, float r, float rf) {
    const vec2 k1 = vec2(0.809016994375, -0.587785252292);
    const vec2 k2 = vec2(-k1.x, k1.y);
    p.y = -p.y;
    p.x = abs(p.x);
    p -= 2.0 * max(dot(k1, p), 0.0) * k1;
    p -= 2.0 * max(dot(k2, p), 0.0) * k2;
    p.x = abs(p.x);
    p.y -= r;
    vec2 ba = rf * vec2(-k1.y, k1.x) - vec2(0, 1);
    float h = clamp(dot(p, ba) / dot(ba, ba), 0.0, r);
    return length(p - ba * h) * sign(p.y * ba.x - p.x * ba.y);
}

void main() {
    // the pixel's own centre, whatever quad it is shaded in (interpolated, v_pos is off by a
    // rounding error that differs from quad to quad: a line cut to a stretch (damaged_rows), or
    // padded otherwise, must give the very pixels of the whole line)
    vec2 pos = floor(v_pos) + 0.5;
#if defined ONLY_KIND
    // a program for one kind of shape (the painter draws long runs of one kind with it): the
    // software rasteriser computes every branch of an `if` for every pixel, this leaves three out
    const float kind = ONLY_KIND;
#else
    float kind = v_style.x;
#endif
    if (kind == KIND_FLAT) {  // every pixel of the box covered whole: its colour, nothing to compute
        if (v_color.a < 0.002) discard;
        f_color = vec4(v_color.rgb * v_color.a, v_color.a);
        return;
    }
    float d;
    if (kind == KIND_RECT) d = sd_box(pos, v_a.xy, v_a.zw, v_style.y);
    else if (kind == KIND_SEGMENT) d = sd_segment(pos, v_a.xy, v_a.zw, v_style.y);
    else if (kind == KIND_TRIANGLE) d = sd_triangle(pos, v_a.xy, v_a.zw, v_b.xy);
    else d = sd_star(pos - v_a.xy, v_a.z, v_a.w / v_a.z);
    if (v_style.w > 0.0) d = abs(d + v_style.w * 0.5) - v_style.w * 0.5;  // outline only
    float fill = clamp(0.5 - d, 0.0, 1.0);
    // the glow fades to exactly zero at GLOW_REACH radii, where the instance's quad ends; its
    // gain keeps it as bright at the edge as a glow reaching 4 radii was (0.56 there). Every
    // pixel of a glow's quad is shaded: on llvmpipe a reach of 3 instead of 4 cuts a glowing
    // dot's pixels by a third, for light that was at most 5/255 in that outer band.
    float fade = exp(-GLOW_REACH);
    float gain = 0.56 * (1.0 - exp(-4.0)) / (1.0 - fade);
    float glow = v_style.z > 0.0 ? gain * max(exp(-max(d, 0.0) / v_style.z) - fade, 0.0) * (1.0 - fill) : 0.0;
    float a = v_color.a * (fill + glow);
    if (a < 0.002) discard;
    f_color = vec4(v_color.rgb * a, a);
}
#endif
