// The hidden activations of game/sim/nets.py, numbered as game.sim.nets.ACTIVATIONS:
// 0 sigmoid, 1 tanh, 2 relu, 3 linear. Shared by the network and classifier kernels and the boundary shader.
#ifndef ACTIVATIONS_GLSL
#define ACTIVATIONS_GLSL

// tanh(10) rounds to 1.0 in float32, so clamping is exact and keeps the driver's tanh away
// from inf / inf.
float safe_tanh(float z) {
    return tanh(clamp(z, -10.0, 10.0));
}

float activate(int kind, float z) {
    if (kind == 0) return 0.5 * (1.0 + safe_tanh(0.5 * z));
    if (kind == 1) return safe_tanh(z);
    if (kind == 2) return max(z, 0.0);
    return z;
}

// da/dz from z and a = f(z)
float slope(int kind, float z, float a) {
    if (kind == 0) return a * (1.0 - a);
    if (kind == 1) return 1.0 - a * a;
    if (kind == 2) return z > 0.0 ? 1.0 : 0.0;
    return 1.0;
}

#endif
