// One ball's run, shared by the batch kernel (K steps per dispatch) and the fate-map kernel
// (one invocation runs a cell to its outcome). Needs curve.glsl, outcome.glsl, optimizers.glsl.
#ifndef BALL_GLSL
#define BALL_GLSL

#include "include/curve.glsl"
#include "include/outcome.glsl"
#include "include/optimizers.glsl"

// 0 where game/gpu/bounds.py has proved f finite all over the escape interval: then a ball inside
// it can never have a non-finite loss, and the loop needs only f' (f costs as much again).
#define CHECK_LOSS 1
#if CHECK_LOSS
#define LOSS_TO_CHECK(x) curve_f(x)
#else
#define LOSS_TO_CHECK(x) 0.0
#endif

struct Ball {
    float x;      // position
    float v;      // velocity (Adam: first moment)
    float s;      // Adam's second moment
    float slope;  // f'(x), carried to the next update
    int t;        // updates made
    int status;   // RUNNING until an outcome
};

// The check at t = 0: the move counts as 0.
Ball ball_start(float x0) {
    Ball b;
    b.x = x0;
    b.v = 0.0;
    b.s = 0.0;
    b.t = 0;
    b.slope = curve_df(x0);
    b.status = outcome(x0, 0.0, b.slope, curve_f(x0), 0);
    return b;
}

void ball_update(inout Ball b, float eta, float mu) {
    float carry = optimizer_step(b.x, b.v, b.s, b.t, b.slope, eta, mu);
    b.t += 1;
    b.slope = curve_df(b.x);
    b.status = outcome(b.x, carry, b.slope, LOSS_TO_CHECK(b.x), b.t);
}

#endif
