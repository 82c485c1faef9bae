#version 430
// Many copies of one small network (inputs -> one hidden layer -> outputs) training at once, one
// invocation per copy, K updates per dispatch. The twin of game/sim/nets.py + nets_train.py in
// float32 (game/gpu/nets_kernel.py drives it): same parameter layout (W1, b1, W2, b2, W row-major
// as inputs x outputs), same order of operations where it matters, same outcome rules:
// exploded (a weight or the loss not finite, a weight past +-weight_limit, the loss past loss_limit) first, then learned
// (loss <= target_loss), then out of steps.
// SCHEDULED: update t uses eta * factors[t] (game.sim.schedules, a float32 table). BATCH > 0:
// update t follows the gradient of the examples in row t % batch_rows of the minibatch table
// (BATCH of them); the judged loss is always the mean over all N_EX examples.
#define LOCAL_SIZE 64
layout(local_size_x = LOCAL_SIZE) in;

#define N_IN 3
#define N_HID 4
#define N_OUT 5
#define N_EX 1
#define HIDDEN_ACT 1   // 0 sigmoid, 1 tanh, 2 relu, 3 linear (game.sim.nets.ACTIVATIONS)
#define OUTPUT_ACT 3
#define LOSS 0         // 0 cross entropy over a softmax, 1 squared error summed over outputs
#define SCHEDULED 0
#define BATCH 0

#include "include/optimizers.glsl"

const int RUNNING = -1;
const int CONVERGED = 0;
const int DIVERGED = 1;
const int MAX_STEPS = 2;
const float FLOAT_MAX = 3.4028234663852886e38;

const int W1 = 0;
const int B1 = W1 + N_IN * N_HID;
const int W2 = B1 + N_HID;
const int B2 = W2 + N_HID * N_OUT;
const int N_PARAMS = B2 + N_OUT;

layout(std430, binding = 0) buffer Params { float params[]; };
#include "include/runs.glsl"

// N_EX rows of N_IN inputs, then the targets: N_EX class indices (cross entropy) or N_EX rows of
// N_OUT values (squared error)
layout(std430, binding = 9) readonly buffer Data { float data[]; };
#if SCHEDULED
layout(std430, binding = 10) readonly buffer Factors { float factors[]; };
uniform int factor_count;
#endif
#if BATCH > 0
layout(std430, binding = 11) readonly buffer Batches { int batches[]; };
uniform int batch_rows;
#endif

uniform int max_steps;
uniform float target_loss;
uniform float weight_limit;
uniform float loss_limit;  // a loss above it counts as exploded (inf: none)

float p[N_PARAMS];
float g[N_PARAMS];
float v[N_PARAMS];
float s[N_PARAMS];

#include "include/activations.glsl"

// Example e's loss; when `divisor` > 0 its gradient divided by divisor is added into g.
float example(int e, int divisor) {
    float x[N_IN];
    for (int i = 0; i < N_IN; ++i) x[i] = data[e * N_IN + i];
    float zh[N_HID];
    float h[N_HID];
    for (int j = 0; j < N_HID; ++j) {
        precise float z = 0.0;
        for (int i = 0; i < N_IN; ++i) z += x[i] * p[W1 + i * N_HID + j];
        zh[j] = z + p[B1 + j];
        h[j] = activate(HIDDEN_ACT, zh[j]);
    }
    float zo[N_OUT];
    for (int o = 0; o < N_OUT; ++o) {
        precise float z = 0.0;
        for (int j = 0; j < N_HID; ++j) z += h[j] * p[W2 + j * N_OUT + o];
        zo[o] = z + p[B2 + o];
    }
    float dz[N_OUT];
    float total;
#if LOSS == 0
    int target = int(data[N_EX * N_IN + e]);
    float top = zo[0];
    for (int o = 1; o < N_OUT; ++o) top = max(top, zo[o]);
    float sum = 0.0;
    for (int o = 0; o < N_OUT; ++o) sum += exp(zo[o] - top);
    total = (top + log(sum)) - zo[target];
    if (divisor == 0) return total;
    for (int o = 0; o < N_OUT; ++o) {
        float prob = exp(zo[o] - top) / sum;
        dz[o] = (prob - (o == target ? 1.0 : 0.0)) / float(divisor);
    }
#else
    precise float squared = 0.0;
    for (int o = 0; o < N_OUT; ++o) {
        float out_value = activate(OUTPUT_ACT, zo[o]);
        float diff = out_value - data[N_EX * N_IN + e * N_OUT + o];
        squared += diff * diff;
        dz[o] = 2.0 * diff / float(max(divisor, 1)) * slope(OUTPUT_ACT, zo[o], out_value);
    }
    total = squared;
    if (divisor == 0) return total;
#endif
    for (int j = 0; j < N_HID; ++j) {
        precise float blame = 0.0;  // summed over every output this mixer feeds
        for (int o = 0; o < N_OUT; ++o) {
            g[W2 + j * N_OUT + o] += h[j] * dz[o];
            blame += dz[o] * p[W2 + j * N_OUT + o];
        }
        float dzh = blame * slope(HIDDEN_ACT, zh[j], h[j]);
        for (int i = 0; i < N_IN; ++i) g[W1 + i * N_HID + j] += x[i] * dzh;
        g[B1 + j] += dzh;
    }
    for (int o = 0; o < N_OUT; ++o) g[B2 + o] += dz[o];
    return total;
}

// Loss averaged over the examples, and into g the gradient update t follows.
float loss_and_gradient(int t) {
    for (int k = 0; k < N_PARAMS; ++k) g[k] = 0.0;
    float total = 0.0;
#if BATCH > 0
    for (int e = 0; e < N_EX; ++e) total += example(e, 0);
    int row = t % batch_rows;
    for (int j = 0; j < BATCH; ++j) example(batches[row * BATCH + j], BATCH);
#else
    for (int e = 0; e < N_EX; ++e) total += example(e, N_EX);
#endif
    return total / float(N_EX);
}

int outcome(float loss, int t) {
    bool exploded = !(abs(loss) <= FLOAT_MAX) || loss > loss_limit;
    for (int k = 0; k < N_PARAMS; ++k) exploded = exploded || !(abs(p[k]) <= weight_limit);
    return exploded ? DIVERGED : (loss <= target_loss ? CONVERGED : (t >= max_steps ? MAX_STEPS : RUNNING));
}

void main() {
    uint i = gl_GlobalInvocationID.x;
    if (i >= n) return;
    uint base = i * uint(N_PARAMS);
    for (int k = 0; k < N_PARAMS; ++k) {
        p[k] = params[base + uint(k)];
        v[k] = vs[base + uint(k)];
        s[k] = ss[base + uint(k)];
    }
    int t = steps[i];
    int status = statuses[i];
    float eta = etas[eta_count == 1u ? 0u : i];
    float mu = mus[mu_count == 1u ? 0u : i];
    float loss = losses[i];
    if (status == RUNNING) {
        loss = loss_and_gradient(t);
        if (t == 0) status = outcome(loss, 0);
    }
    for (int k = 0; k < k_steps && status == RUNNING; ++k) {
#if SCHEDULED
        float eta_t = t < factor_count ? eta * factors[t] : eta;
#else
        float eta_t = eta;
#endif
        for (int q = 0; q < N_PARAMS; ++q) optimizer_step(p[q], v[q], s[q], t, g[q], eta_t, mu);
        t += 1;
        loss = loss_and_gradient(t);
        status = outcome(loss, t);
    }
    for (int k = 0; k < N_PARAMS; ++k) {
        params[base + uint(k)] = p[k];
        vs[base + uint(k)] = v[k];
        ss[base + uint(k)] = s[k];
    }
    steps[i] = t;
    statuses[i] = status;
    losses[i] = loss;
}
