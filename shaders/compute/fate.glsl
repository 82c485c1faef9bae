#version 430
// A fate map: one invocation per cell runs the ball to its outcome (game/gpu/fate.py drives it;
// its NumPy twin is game.sim.fate.fate_map). Cells are numbered row by row, rows along y;
// a dispatch covers rows [row_start, row_start + rows).
#define LOCAL_SIZE 64
#define AXES_ETA_MU 0
#define AXES_X0_ETA 1
#define AXES AXES_ETA_MU
layout(local_size_x = LOCAL_SIZE) in;

#include "include/ball.glsl"

layout(std430, binding = 0) readonly buffer XValues { float x_values[]; };
layout(std430, binding = 1) readonly buffer YValues { float y_values[]; };
layout(std430, binding = 2) writeonly buffer Statuses { int statuses[]; };
layout(std430, binding = 3) writeonly buffer Steps { int steps[]; };
layout(std430, binding = 4) writeonly buffer FinalX { float final_x[]; };
layout(std430, binding = 5) writeonly buffer FinalLoss { float final_loss[]; };

uniform uint nx;
uniform uint row_start;
uniform uint rows;
uniform float fixed_value;  // x0 on an eta-mu map, mu on an x0-eta map

void main() {
    uint i = gl_GlobalInvocationID.x;
    if (i >= nx * rows) return;
    uint column = i % nx;
    uint row = row_start + i / nx;
#if AXES == AXES_ETA_MU
    float eta = x_values[column];
    float mu = y_values[row];
    float x0 = fixed_value;
#else
    float x0 = x_values[column];
    float eta = y_values[row];
    float mu = fixed_value;
#endif
    Ball b = ball_start(x0);
    while (b.status == RUNNING) {
        ball_update(b, eta, mu);
    }
    uint cell = row * nx + column;
    statuses[cell] = b.status;
    steps[cell] = b.t;
    final_x[cell] = b.x;
    final_loss[cell] = curve_f(b.x);
}
