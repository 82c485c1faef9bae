#version 430
// A 2-D classifier's decision regions, computed per pixel straight from its weights: each
// fragment maps to a point of the plane, runs the network's forward pass (the same maths as
// game/sim/nets.py, float32) and is shaded by P(class 1): blue for class 0, orange for class 1,
// paler where the network is unsure, with a bright line where P = 0.5 (the decision boundary).
// u_neuron >= 0 shows one hidden neuron instead: how strongly it fires, and the line where its
// weighted sum crosses 0 (where a tanh/ReLU neuron switches).
// u_raw = 1 writes the numbers instead of colours (r = P(class 1), g = the hidden neuron's
// activation, b = its weighted sum), for tests; u_raw = 2 the same with r = P - 0.5, the
// samples of the SHADE pass.
// SHADE defined: the colours from those numbers sampled (bilinear) from u_samples (with NEURONS:
// the hidden neurons' pictures, else the regions), a texture
// evaluated on a coarser grid over the same part of the plane (game/render/boundary.py): the
// network is smooth at that scale, and the line is drawn from the interpolated numbers' own
// screen-space derivatives, so it stays one crisp pixel-wide line.

#define N_IN 2
#define N_HID 4          // 0: no hidden layer
#define N_OUT 2
#define HIDDEN_ACT 1
#define MAX_PARAMS 128

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

uniform float u_params[MAX_PARAMS];
uniform int u_raw;
uniform vec3 u_color0;     // class 0
uniform vec3 u_color1;     // class 1
uniform vec3 u_line;
uniform float u_alpha;
in vec2 v_point;
flat in int v_neuron;      // -1: the output; j: hidden neuron j
flat in int v_tile;
out vec4 f_color;

#if N_HID > 0
const int W1 = 0;
const int B1 = N_IN * N_HID;
const int W2 = B1 + N_HID;
#else
const int W2 = 0;
#endif
const int B2 = W2 + (N_HID > 0 ? N_HID : N_IN) * N_OUT;

float p_class1(vec2 x, out float hidden_z, out float hidden_a) {
    hidden_z = 0.0;
    hidden_a = 0.0;
    float z0 = u_params[B2], z1 = u_params[B2 + 1];
#if N_HID > 0
    for (int j = 0; j < N_HID; ++j) {
        float z = x.x * u_params[W1 + j] + x.y * u_params[W1 + N_HID + j] + u_params[B1 + j];
        float a = activate(HIDDEN_ACT, z);
        if (j == v_neuron) { hidden_z = z; hidden_a = a; }
        z0 += a * u_params[W2 + j * N_OUT];
        z1 += a * u_params[W2 + j * N_OUT + 1];
    }
#else
    z0 += x.x * u_params[W2] + x.y * u_params[W2 + N_OUT];
    z1 += x.x * u_params[W2 + 1] + x.y * u_params[W2 + N_OUT + 1];
#endif
    // softmax over two classes: P(1) = sigmoid(z1 - z0)
    return 0.5 * (1.0 + safe_tanh(0.5 * (z1 - z0)));
}

#if defined SHADE
uniform sampler2D u_samples;  // P(class 1) - 0.5 (and a neuron's activation, sum), pictures side by side
uniform vec2 u_grid;          // one picture's samples (columns, rows)
#endif

void main() {
#if defined SHADE
    // within this picture's samples, no nearer the edge than the outer samples' centres (so a
    // picture never blends with its neighbour)
    vec2 at = clamp(v_point * u_grid, vec2(0.5), u_grid - 0.5) + vec2(float(v_tile) * u_grid.x, 0.0);
    // bilinear by hand from the four texels around `at` (textureGather: one channel at a time,
    // about half the cost of llvmpipe's filtering of a float texture)
    vec2 texels = vec2(textureSize(u_samples, 0));
    vec2 base = floor(at - 0.5);
    vec2 f = at - 0.5 - base;
    vec2 uv = (base + 1.0) / texels;
    vec4 w = vec4((1.0 - f.x) * f.y, f.x * f.y, f.x * (1.0 - f.y), (1.0 - f.x) * (1.0 - f.y));
    // the regions read P alone, the neurons' pictures their activation and sum alone: two
    // programs (NEURONS), as the software rasteriser runs both sides of an `if` on every pixel
#if defined NEURONS
    const bool neuron_picture = true;
    float p = 0.5;
    float ha = dot(textureGather(u_samples, uv, 1), w);
    float hz = dot(textureGather(u_samples, uv, 2), w);
#else
    const bool neuron_picture = false;
    float p = dot(textureGather(u_samples, uv, 0), w) + 0.5;
    float ha = 0.0, hz = 0.0;
#endif
#else
    bool neuron_picture = v_neuron >= 0;
    float hz, ha;
    float p = p_class1(v_point, hz, ha);
    if (u_raw >= 1) {  // 2: P - 0.5, as precise as a half float gets near the boundary
        f_color = vec4(u_raw == 2 ? p - 0.5 : p, ha, hz, 1.0);
        return;
    }
#endif
    vec3 color;
    float level;  // the quantity whose zero is drawn as a line
    if (!neuron_picture) {
        float sure = abs(p - 0.5) * 2.0;
        color = mix(vec3(0.09, 0.11, 0.20), p < 0.5 ? u_color0 : u_color1, 0.25 + 0.55 * sure);
        level = p - 0.5;
    } else {
        // how strongly the neuron fires: 0 dark, 1 bright (tanh's -1..1 shown as 0..1)
        float fire = HIDDEN_ACT == 1 ? 0.5 * (ha + 1.0) : (HIDDEN_ACT == 2 ? 1.0 - exp(-ha) : ha);
        color = mix(vec3(0.06, 0.07, 0.14), u_color1, clamp(fire, 0.0, 1.0) * 0.85);
        level = hz;
    }
    float width = fwidth(level);
    float line = 1.0 - smoothstep(0.75, 1.75, abs(level) / max(width, 1e-9));
    color = mix(color, u_line, line * 0.9);
    f_color = vec4(color * u_alpha, u_alpha);
}
#endif
