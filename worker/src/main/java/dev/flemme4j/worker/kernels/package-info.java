/**
 * Which of oneDNN's CPU convolution kernels this host computes right, chosen by measurement.
 *
 * <p>The oneDNN inside DJL's libtorch 2.3.0 computed wrong convolutions with its AVX2/AVX-512 kernels on one AMD
 * EPYC host and right ones on others, so the choice is made per host: {@link dev.flemme4j.worker.kernels.KernelProbe}
 * checks {@link dev.flemme4j.worker.kernels.KernelCandidate}s fastest first, each in a child JVM
 * ({@link dev.flemme4j.worker.kernels.ChildJvmCandidateCheck}, since oneDNN reads {@code ONEDNN_MAX_CPU_ISA} only
 * at start-up) running {@code ConvolutionCheck} against a double-precision direct convolution, and
 * {@link dev.flemme4j.worker.kernels.VerdictCache} keeps the verdict per {@link dev.flemme4j.worker.kernels.HostKey}.
 * The launchers export it (worker/src/main/sh/cpu-kernels.sh); {@link dev.flemme4j.worker.kernels.ActiveKernels}
 * tells a running worker what it got and why.
 */
package dev.flemme4j.worker.kernels;
