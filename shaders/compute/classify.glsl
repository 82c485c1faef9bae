#version 430
// A classifier's batched forward and backward pass over its data, and the update: the twin of
// game/sim/classify.py (ClassifierBatch) in float32, driven by game/gpu/classify_kernel.py.
// Copies of one network (inputs -> [one hidden layer] -> softmax over classes) share the points;
// parameters are laid out as in game/sim/nets.py: W1 (inputs x hidden, row-major), b1, W2, b2,
// or W, b with no hidden layer.
//
// PASS 0, one invocation per (copy, point of the slice [first, first + count)):
//   forward; the point's loss and whether its most probable class is right; the output
//   error dz2 = (p - onehot) / count and, through the hidden layer, dz1; the hidden outputs.
// PASS 1, one invocation per (copy, parameter): its gradient, summed over the slice's points
//   (the sum over every point a weight touched), then one optimizer step, for running copies.
#define LOCAL_SIZE 64
layout(local_size_x = LOCAL_SIZE) in;

#define PASS 0
#define N_IN 2
#define N_HID 4          // 0: no hidden layer
#define N_OUT 2
#define HIDDEN_ACT 1     // game.sim.nets.ACTIVATIONS index

#include "include/activations.glsl"
#include "include/optimizers.glsl"

#if N_HID > 0
const int W1 = 0;
const int B1 = W1 + N_IN * N_HID;
const int W2 = B1 + N_HID;
const int B2 = W2 + N_HID * N_OUT;
const int N_PARAMS = B2 + N_OUT;
const int HID_SLOTS = N_HID;
#else
const int W2 = 0;
const int B2 = N_IN * N_OUT;
const int N_PARAMS = B2 + N_OUT;
const int HID_SLOTS = 1;
#endif

layout(std430, binding = 0) buffer Params { float params[]; };
layout(std430, binding = 1) buffer Velocities { float vs[]; };
layout(std430, binding = 2) buffer SecondMoments { float ss[]; };
layout(std430, binding = 3) readonly buffer Running { int running[]; };
layout(std430, binding = 4) readonly buffer Etas { float etas[]; };
layout(std430, binding = 5) readonly buffer Mus { float mus[]; };
layout(std430, binding = 8) readonly buffer Inputs { float xs[]; };       // points x N_IN
layout(std430, binding = 9) readonly buffer Labels { int ys[]; };         // points
layout(std430, binding = 10) buffer Hidden { float hs[]; };               // copies x count x HID_SLOTS
layout(std430, binding = 11) buffer HiddenError { float dz1s[]; };        // copies x count x HID_SLOTS
layout(std430, binding = 12) buffer OutputError { float dz2s[]; };        // copies x count x N_OUT
layout(std430, binding = 13) buffer PointLoss { float point_loss[]; };    // copies x count
layout(std430, binding = 14) buffer PointRight { int point_right[]; };    // copies x count

uniform uint copies;
uniform uint first;
uniform uint count;
uniform int t;           // updates made before this one (Adam's bias correction)
uniform uint eta_count;
uniform uint mu_count;

#if PASS == 0
void main() {
    uint gid = gl_GlobalInvocationID.x;
    if (gid >= copies * count) return;
    uint c = gid / count;
    uint i = gid % count;
    uint point = first + i;
    uint base = c * uint(N_PARAMS);
    float x[N_IN];
    for (int a = 0; a < N_IN; ++a) x[a] = xs[point * uint(N_IN) + uint(a)];
#if N_HID > 0
    float zh[N_HID];
    float h[N_HID];
    for (int j = 0; j < N_HID; ++j) {
        precise float z = 0.0;
        for (int a = 0; a < N_IN; ++a) z += x[a] * params[base + uint(W1 + a * N_HID + j)];
        zh[j] = z + params[base + uint(B1 + j)];
        h[j] = activate(HIDDEN_ACT, zh[j]);
    }
#define LAST_IN N_HID
#define LAST_INPUT(j) h[j]
#else
#define LAST_IN N_IN
#define LAST_INPUT(j) x[j]
#endif
    float zo[N_OUT];
    for (int k = 0; k < N_OUT; ++k) {
        precise float z = 0.0;
        for (int j = 0; j < LAST_IN; ++j) z += LAST_INPUT(j) * params[base + uint(W2 + j * N_OUT + k)];
        zo[k] = z + params[base + uint(B2 + k)];
    }
    int label = ys[point];
    float top = zo[0];
    int best = 0;
    for (int k = 1; k < N_OUT; ++k) {
        if (zo[k] > top) { top = zo[k]; best = k; }
    }
    float total = 0.0;
    for (int k = 0; k < N_OUT; ++k) total += exp(zo[k] - top);
    uint slot = c * count + i;
    float loss = (top + log(total)) - zo[label];
    point_loss[slot] = loss;
    // a copy whose numbers ran off the scale gets every point wrong (as accuracy_of says)
    point_right[slot] = (best == label && abs(loss) <= 3.4e38) ? 1 : 0;
    float dz[N_OUT];
    for (int k = 0; k < N_OUT; ++k) {
        float p = exp(zo[k] - top) / total;
        dz[k] = (p - (k == label ? 1.0 : 0.0)) / float(count);
        dz2s[slot * uint(N_OUT) + uint(k)] = dz[k];
    }
#if N_HID > 0
    for (int j = 0; j < N_HID; ++j) {
        precise float blame = 0.0;  // summed over every output this neuron feeds
        for (int k = 0; k < N_OUT; ++k) blame += dz[k] * params[base + uint(W2 + j * N_OUT + k)];
        hs[slot * uint(N_HID) + uint(j)] = h[j];
        dz1s[slot * uint(N_HID) + uint(j)] = blame * slope(HIDDEN_ACT, zh[j], h[j]);
    }
#endif
}

#else
// PASS 1
float gradient(uint c, int q) {
    uint rows = c * count;
    precise float g = 0.0;
#if N_HID > 0
    if (q < B1) {                         // W1[a, j]: input a times the hidden error
        int a = q / N_HID, j = q % N_HID;
        for (uint i = 0u; i < count; ++i)
            g += xs[(first + i) * uint(N_IN) + uint(a)] * dz1s[(rows + i) * uint(N_HID) + uint(j)];
        return g;
    }
    if (q < W2) {                         // b1[j]
        int j = q - B1;
        for (uint i = 0u; i < count; ++i) g += dz1s[(rows + i) * uint(N_HID) + uint(j)];
        return g;
    }
#endif
    if (q < B2) {                         // W2[j, k]: what fed output k times its error
        int j = (q - W2) / N_OUT, k = (q - W2) % N_OUT;
        for (uint i = 0u; i < count; ++i) {
#if N_HID > 0
            float fed = hs[(rows + i) * uint(N_HID) + uint(j)];
#else
            float fed = xs[(first + i) * uint(N_IN) + uint(j)];
#endif
            g += fed * dz2s[(rows + i) * uint(N_OUT) + uint(k)];
        }
        return g;
    }
    int k = q - B2;                       // b2[k]: the full downstream error
    for (uint i = 0u; i < count; ++i) g += dz2s[(rows + i) * uint(N_OUT) + uint(k)];
    return g;
}

void main() {
    uint gid = gl_GlobalInvocationID.x;
    if (gid >= copies * uint(N_PARAMS)) return;
    uint c = gid / uint(N_PARAMS);
    int q = int(gid % uint(N_PARAMS));
    if (running[c] == 0) return;
    float g = gradient(c, q);
    float x = params[gid], v = vs[gid], s = ss[gid];
    float eta = etas[eta_count == 1u ? 0u : c];
    float mu = mus[mu_count == 1u ? 0u : c];
    optimizer_step(x, v, s, t, g, eta, mu);
    params[gid] = x;
    vs[gid] = v;
    ss[gid] = s;
}
#endif
