/**
 * Benchmarks run by hand ({@code -Pbench}, not by CI): the training step and its layers against PyTorch, serving
 * throughput, diffusion sampling; each prints JSON lines for {@code bench/python}.
 */
package dev.flemme4j.bench;
