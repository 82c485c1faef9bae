// The curve a ball rolls on: its value and its slope, from the expression tree's GLSL
// (game/sim/expr.py: Curve.glsl_f(), Curve.glsl_df()), injected as #define overrides.
#ifndef CURVE_GLSL
#define CURVE_GLSL

#include "include/expr.glsl"

#define CURVE_F (x * x)
#define CURVE_DF (2.0 * x)

float curve_f(float x) { return CURVE_F; }
float curve_df(float x) { return CURVE_DF; }

#endif
