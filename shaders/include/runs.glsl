// The state of many optimizer runs, one invocation each, kept between dispatches in storage
// buffers (game/gpu/storage.py; balls.glsl and nets.glsl). Binding 0 is the kernel's own: what
// the runs train (positions, weights). Per trained value: 1 the velocity, 2 the second moment;
// per run: 3 the updates made, 4 the status, 8 the loss; 5 and 6 eta and mu, one per run or one
// for all; 7 Adam's bias table (optimizers.glsl).
#ifndef RUNS_GLSL
#define RUNS_GLSL

layout(std430, binding = 1) buffer Velocities { float vs[]; };
layout(std430, binding = 2) buffer SecondMoments { float ss[]; };
layout(std430, binding = 3) buffer Steps { int steps[]; };
layout(std430, binding = 4) buffer Statuses { int statuses[]; };
layout(std430, binding = 5) readonly buffer Etas { float etas[]; };
layout(std430, binding = 6) readonly buffer Mus { float mus[]; };
layout(std430, binding = 8) buffer Losses { float losses[]; };

uniform uint n;          // runs
uniform int k_steps;     // updates per dispatch at most
uniform uint eta_count;  // 1: one eta for every run, else one each
uniform uint mu_count;

#endif
