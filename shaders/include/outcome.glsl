// How a run ends, as game/sim/run.py decides it (STATUS_CODES there), checked after every update:
// diverged first, then at rest (converged), then out of steps. `carry` is the motion the
// optimizer takes into its next step whatever the slope (0 for gd, v for momentum and nesterov,
// the last move for adam); at t = 0 it is 0.
#ifndef OUTCOME_GLSL
#define OUTCOME_GLSL

const int RUNNING = -1;
const int CONVERGED = 0;
const int DIVERGED = 1;
const int MAX_STEPS = 2;
const float FLOAT_MAX = 3.4028234663852886e38;

uniform float tol_move;
uniform float tol_grad;
uniform float escape_lo;
uniform float escape_hi;
uniform int max_steps;

// Every comparison with NaN is false, so the negated forms catch NaN as well as escapes; the
// escape bounds are finite (game/gpu clamps them), so they catch an infinite x too.
int outcome(float x, float carry, float slope, float loss, int t) {
    bool diverged = !(x >= escape_lo && x <= escape_hi) || !(abs(loss) <= FLOAT_MAX);
    bool at_rest = abs(carry) <= tol_move && abs(slope) <= tol_grad;
    return diverged ? DIVERGED : (at_rest ? CONVERGED : (t >= max_steps ? MAX_STEPS : RUNNING));
}

#endif
