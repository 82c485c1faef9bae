// The optimizers of game/sim/optim.py's table, one per program (OPTIMIZER picks it), in float32
// and in the same order of operations as the NumPy reference. `precise` stops the compiler fusing
// a*b + c into one fma, which NumPy never does. game/gpu/programs.py sets OPT_<NAME>, OPTIMIZER
// and the constants from the table (the values here only let the file compile on its own); an
// OPTIMIZER with no branch below is a compile error, never a silent fallback.
#ifndef OPTIMIZERS_GLSL
#define OPTIMIZERS_GLSL

#define OPT_GD 0
#define OPT_MOMENTUM 1
#define OPT_NESTEROV 2
#define OPT_ADAM 3
#define OPT_RMSPROP 4
#define OPT_ADAMW 5

#define OPTIMIZER OPT_MOMENTUM
// The optimizers' constants as float32 values rounded from float64 exactly as NumPy does (set by game/gpu).
#define ADAM_B1 0.9
#define ADAM_B2 0.999
#define ADAM_ONE_MINUS_B1 0.1
#define ADAM_ONE_MINUS_B2 0.001
#define ADAM_EPS 1e-8
#define RMSPROP_ALPHA 0.99
#define RMSPROP_ONE_MINUS_ALPHA 0.01
#define RMSPROP_EPS 1e-8
#define ADAMW_WEIGHT_DECAY 0.01
#define ADAM_BIAS_BINDING 7

#if OPTIMIZER == OPT_ADAM || OPTIMIZER == OPT_ADAMW
// bias[t] = (float32(1 - b1^t), float32(1 - b2^t)), from float64 like NumPy; past the end both are 1.
layout(std430, binding = ADAM_BIAS_BINDING) readonly buffer AdamBias { vec2 adam_bias[]; };
#endif

// One update. v is the velocity (Adam, AdamW: the first moment m), s the second moment (Adam,
// AdamW, RMSprop), t the number of updates made before this one, g the slope at x.
// Returns the carry game/sim/run.py judges rest by (the table's `carry`): 0 for gd, v for
// momentum and nesterov, the move just made for adam, rmsprop and adamw.
float optimizer_step(inout float x, inout float v, inout float s, int t, float g, float eta, float mu) {
#if OPTIMIZER == OPT_GD
    precise float step = eta * g;
    x = x - step;
    return 0.0;
#elif OPTIMIZER == OPT_MOMENTUM
    precise float pull = mu * v;
    precise float push = eta * g;
    v = pull - push;
    x = x + v;
    return v;
#elif OPTIMIZER == OPT_NESTEROV
    precise float pull = mu * v;
    precise float push = eta * g;
    v = pull - push;
    precise float ahead = mu * v;
    precise float moved = x + ahead;
    x = moved - push;
    return v;
#elif OPTIMIZER == OPT_RMSPROP
    precise float s_old = RMSPROP_ALPHA * s;
    precise float s_new = (RMSPROP_ONE_MINUS_ALPHA * g) * g;
    s = s_old + s_new;
    precise float push = eta * g;
    precise float denominator = sqrt(s) + RMSPROP_EPS;
    precise float x_new = x - push / denominator;
    precise float moved = x_new - x;
    x = x_new;
    return moved;
#elif OPTIMIZER == OPT_ADAM || OPTIMIZER == OPT_ADAMW
    float x_start = x;
#if OPTIMIZER == OPT_ADAMW
    precise float rate = eta * ADAMW_WEIGHT_DECAY;
    precise float decay = rate * x;
    precise float x_decayed = x - decay;  // decoupled weight decay, before the Adam step
    x = x_decayed;
#endif
    vec2 bias = adam_bias[min(t + 1, adam_bias.length() - 1)];
    precise float m_old = ADAM_B1 * v;
    precise float m_new = ADAM_ONE_MINUS_B1 * g;
    v = m_old + m_new;
    precise float s_old = ADAM_B2 * s;
    precise float s_new = (ADAM_ONE_MINUS_B2 * g) * g;
    s = s_old + s_new;
    precise float m_hat = v / bias.x;
    precise float s_hat = s / bias.y;
    precise float scaled = eta * m_hat;
    precise float denominator = sqrt(s_hat) + ADAM_EPS;
    precise float x_new = x - scaled / denominator;
    precise float moved = x_new - x_start;
    x = x_new;
    return moved;
#else
#error "OPTIMIZER names no optimizer of the table"
#endif
}

#endif
