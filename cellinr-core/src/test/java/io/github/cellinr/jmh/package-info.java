/**
 * JMH micro-benchmarks of the hot kernels (EDT, engine forward/backward, marching cubes, PSF convolution).
 * Run them with {@code bin/jmh [pattern] [JMH options]}; user-facing numbers come from {@code cellinr bench}.
 * Benchmarks measure; they never assert.
 */
package io.github.cellinr.jmh;
