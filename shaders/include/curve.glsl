// The curve a ball rolls on: its value and its slope, from the expression tree's GLSL
// (game/sim/expr.py: Curve.glsl_f(), Curve.glsl_df()), injected as #define overrides.
#ifndef CURVE_GLSL
#define CURVE_GLSL

#include "include/expr.glsl"

#define CURVE_F (x * x)
#define CURVE_DF (2.0 * x)

// `precise`: NumPy rounds every product and sum on its own, so the compiler may not fuse them.
float curve_f(float x) {
    precise float value = CURVE_F;
    return value;
}

float curve_df(float x) {
    precise float slope = CURVE_DF;
    return slope;
}

#endif
