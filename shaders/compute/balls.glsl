#version 430
// Many balls on one curve, K updates per dispatch (game/gpu/balls.py drives it; its NumPy twin is
// game.sim.run.run_batch). State lives in storage buffers between dispatches and in registers
// during one. A ball that reaches an outcome stops; its buffers keep the final values.
#define LOCAL_SIZE 128
layout(local_size_x = LOCAL_SIZE) in;

#include "include/ball.glsl"

layout(std430, binding = 0) buffer Positions { float xs[]; };
#include "include/runs.glsl"


void main() {
    uint i = gl_GlobalInvocationID.x;
    if (i >= n) return;
    Ball b;
    b.status = statuses[i];
    if (b.status != RUNNING) return;
    b.x = xs[i];
    b.t = steps[i];
    if (b.t == 0) {
        b = ball_start(b.x);
    } else {
        b.v = vs[i];
        b.s = ss[i];
        b.slope = curve_df(b.x);
    }
    float eta = etas[eta_count == 1u ? 0u : i];
    float mu = mus[mu_count == 1u ? 0u : i];
    for (int k = 0; k < k_steps; ++k) {
        if (b.status != RUNNING) break;
        ball_update(b, eta, mu);
    }
    xs[i] = b.x;
    vs[i] = b.v;
    ss[i] = b.s;
    steps[i] = b.t;
    statuses[i] = b.status;
    losses[i] = curve_f(b.x);
}
