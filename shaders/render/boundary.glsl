#version 430
// A 2-D classifier's decision regions, computed per pixel straight from its weights: each
// fragment maps to a point of the plane, runs the network's forward pass (the same maths as
// game/sim/nets.py, float32) and is shaded by P(class 1): blue for class 0, orange for class 1,
// paler where the network is unsure, with a bright line where P = 0.5 (the decision boundary).
// u_neuron >= 0 shows one hidden neuron instead: how strongly it fires, and the line where its
// weighted sum crosses 0 (where a tanh/ReLU neuron switches).
// u_raw = 1 writes the numbers instead of colours (r = P(class 1), g = the hidden neuron's
// activation, b = its weighted sum), for tests. u_raw = 2 writes the SHADE pass's samples
// (game/render/boundary.py runs them on a grid a few pixels apart): r how sure the network is
// (the regions) or how strongly the neuron fires, g the signed distance in screen pixels to the
// line, as 0.5 + d / (2 DISTANCE) in an 8-bit channel (to the line's own pixels, within 1/32
// of a pixel). That distance is the line's quantity over its gradient per pixel, taken from
// the network's own derivatives (the L1 norm, as fwidth): a smooth function, so its samples
// read back bilinearly give the distance at every pixel, as a font's distance field does.
// SHADE defined: the colours and the line from those samples, read with the texture unit's
// own bilinear filter (llvmpipe filters 8-bit texels fast); NEURONS: a neuron's colours.

#define N_IN 2
#define N_HID 4          // 0: no hidden layer
#define N_OUT 2
#define HIDDEN_ACT 1
#define MAX_PARAMS 128
#define DISTANCE 4.0     // pixels: the farthest distance to the line the samples tell apart

#if defined VERTEX_SHADER
uniform vec4 u_rect;  // x, y, w, h in pixels, y down (instance i: i widths to the right)
uniform vec2 u_size;  // the framebuffer in pixels
uniform vec4 u_view;  // the plane shown: x_lo, y_lo, x_hi, y_hi (y up)
uniform int u_neuron; // -1: the output; j: hidden neuron j (instance i: neuron j + i)
#if defined SHADE
#define MAX_TILES 32
uniform vec4 u_rects[MAX_TILES];  // instance i's rectangle
#endif
out vec2 v_point;     // the plane's point (SHADE: where in its picture, 0..1, y up)
flat out int v_neuron;
flat out int v_tile;

void main() {
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    v_neuron = u_neuron < 0 ? -1 : u_neuron + gl_InstanceID;
    v_tile = gl_InstanceID;
#if defined SHADE
    vec4 rect = u_rects[gl_InstanceID];
    v_point = vec2(corner.x, 1.0 - corner.y);  // the texture's first row is the plane's bottom
#else
    vec4 rect = u_rect + vec4(float(gl_InstanceID) * u_rect.z, 0.0, 0.0, 0.0);
    v_point = vec2(mix(u_view.x, u_view.z, corner.x), mix(u_view.w, u_view.y, corner.y));
#endif
    vec2 pixel = rect.xy + corner * rect.zw;
    gl_Position = vec4((pixel / u_size * 2.0 - 1.0) * vec2(1.0, -1.0), 0.0, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
#include "include/activations.glsl"

out vec4 f_color;
in vec2 v_point;
flat in int v_neuron;      // -1: the output; j: hidden neuron j
flat in int v_tile;

#if defined SHADE
uniform sampler2D u_samples;  // the samples (u_raw = 2), pictures side by side, filtered linearly
uniform vec2 u_grid;          // one picture's samples (columns, rows)
uniform vec3 u_color0;        // class 0
uniform vec3 u_color1;        // class 1
uniform vec3 u_line;
uniform float u_alpha;

void main() {
    // within this picture's samples, no nearer the edge than the outer samples' centres (so a
    // picture never blends with its neighbour)
    vec2 at = clamp(v_point * u_grid, vec2(0.5), u_grid - 0.5) + vec2(float(v_tile) * u_grid.x, 0.0);
    vec2 texel = texture(u_samples, at / vec2(textureSize(u_samples, 0))).rg;
    float strength = texel.r;
    float d = (texel.g - 0.5) * 2.0 * DISTANCE;  // pixels to the line, signed
#if defined NEURONS
    // how strongly the neuron fires: 0 dark, 1 bright
    vec3 color = mix(vec3(0.06, 0.07, 0.14), u_color1, strength * 0.85);
#else
    // the class on this side of the boundary, paler where the network is unsure
    vec3 color = mix(vec3(0.09, 0.11, 0.20), d < 0.0 ? u_color0 : u_color1, 0.25 + 0.55 * strength);
#endif
    float line = 1.0 - smoothstep(0.75, 1.75, abs(d));
    color = mix(color, u_line, line * 0.9);
    f_color = vec4(color * u_alpha, u_alpha);
}

#else
uniform float u_params[MAX_PARAMS];
uniform int u_raw;
uniform vec2 u_pixel;      // the plane's units per screen pixel (x, y): the samples' distances

#if N_HID > 0
const int W1 = 0;
const int B1 = N_IN * N_HID;
const int W2 = B1 + N_HID;
#else
const int W2 = 0;
#endif
const int B2 = W2 + (N_HID > 0 ? N_HID : N_IN) * N_OUT;

// The network at x: u = z1 - z0 (softmax over two classes: P(1) = sigmoid(u)) and its
// gradient du; hidden neuron v_neuron's weighted sum hz, its gradient dhz and activation ha.
void network(vec2 x, out float u, out vec2 du, out float hz, out vec2 dhz, out float ha) {
    u = u_params[B2 + 1] - u_params[B2];
    du = vec2(0.0);
    hz = 0.0;
    dhz = vec2(0.0);
    ha = 0.0;
#if N_HID > 0
    for (int j = 0; j < N_HID; ++j) {
        vec2 w = vec2(u_params[W1 + j], u_params[W1 + N_HID + j]);
        float z = dot(x, w) + u_params[B1 + j];
        float a = activate(HIDDEN_ACT, z);
        if (j == v_neuron) { hz = z; dhz = w; ha = a; }
        float out_w = u_params[W2 + j * N_OUT + 1] - u_params[W2 + j * N_OUT];
        u += a * out_w;
        du += out_w * slope(HIDDEN_ACT, z, a) * w;  // the chain rule through neuron j
    }
#else
    du = vec2(u_params[W2 + 1] - u_params[W2], u_params[W2 + N_OUT + 1] - u_params[W2 + N_OUT]);
    u += dot(x, du);
#endif
}

// signed distance in pixels to where `level` crosses 0, from its gradient per plane unit
float pixels_to_zero(float level, vec2 gradient) {
    float per_pixel = abs(gradient.x * u_pixel.x) + abs(gradient.y * u_pixel.y);
    return level / max(per_pixel, 1e-20);
}

void main() {
    float u, hz, ha;
    vec2 du, dhz;
    network(v_point, u, du, hz, dhz, ha);
    float p = 0.5 * (1.0 + safe_tanh(0.5 * u));
    if (u_raw != 2) {
        f_color = vec4(p, ha, hz, 1.0);
        return;
    }
    float strength, d;
    if (v_neuron >= 0) {
        // tanh's -1..1 shown as 0..1; a ReLU's output as 1 - e^-a
        strength = HIDDEN_ACT == 1 ? 0.5 * (ha + 1.0) : (HIDDEN_ACT == 2 ? 1.0 - exp(-ha) : ha);
        d = pixels_to_zero(hz, dhz);
    } else {
        strength = abs(safe_tanh(0.5 * u));  // |2P - 1|: 0 unsure, 1 sure
        d = pixels_to_zero(u, du);
    }
    f_color = vec4(clamp(strength, 0.0, 1.0), clamp(0.5 + d / (2.0 * DISTANCE), 0.0, 1.0), 0.0, 1.0);
}
#endif
#endif
