// Helpers used by the GLSL that game/sim/expr.py emits for a curve (Expr.glsl()).
// Each mirrors NumPy's float semantics where plain GLSL leaves the result undefined
// (pow of a negative base, log/sqrt of a negative number, overflow in tanh/sigmoid).
#ifndef EXPR_GLSL
#define EXPR_GLSL

float ex_nan() { return uintBitsToFloat(0x7fc00000u); }
float ex_inf() { return uintBitsToFloat(0x7f800000u); }

// a^n for an integer constant n, by repeated squaring (for n = 2 exactly NumPy's x*x).
float ex_powi(float a, int n) {
    float base = n < 0 ? 1.0 / a : a;
    int e = abs(n);
    float result = 1.0;
    while (e > 0) {
        if ((e & 1) == 1) result *= base;
        base *= base;
        e >>= 1;
    }
    return result;
}

// a^b for any b: GLSL's pow is undefined for a < 0, NumPy's is NaN unless b is an integer.
float ex_pow(float a, float b) {
    if (b == 0.0) return 1.0;
    if (a >= 0.0) return (a == 0.0) ? (b > 0.0 ? 0.0 : ex_inf()) : pow(a, b);
    if (b != floor(b)) return ex_nan();
    float r = pow(-a, b);
    return (mod(b, 2.0) == 1.0) ? -r : r;
}

float ex_log(float u) { return u > 0.0 ? log(u) : (u == 0.0 ? -ex_inf() : ex_nan()); }
float ex_sqrt(float u) { return u >= 0.0 ? sqrt(u) : ex_nan(); }

// tanh without the overflow of (e^u - e^-u) / (e^u + e^-u) for large |u|.
float ex_tanh(float u) {
    float e = exp(-2.0 * abs(u));
    return sign(u) * (1.0 - e) / (1.0 + e);
}

// 1 / (1 + e^-u), split by sign so neither branch overflows (as game/sim/expr.py).
float ex_sigmoid(float u) {
    float e = exp(-abs(u));
    return u >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

float ex_relu(float u) { return max(u, 0.0); }
float ex_step(float u) { return u > 0.0 ? 1.0 : 0.0; }
float ex_min(float a, float b) { return a < b ? a : b; }  // NumPy picks b on a tie or NaN a
float ex_max(float a, float b) { return a > b ? a : b; }

#endif
