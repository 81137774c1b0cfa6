package dev.flemme4j.worker.kernels;

/** Child JVM mains standing in for {@link CandidateCheckMain}, for {@link ChildJvmCandidateCheckTest}. */
final class FakeCheckMains {
    private FakeCheckMains() {
    }

    /** Passes, echoing the configuration it was started with, and prints oneDNN-like verbose lines. */
    static final class Passing {
        public static void main(String[] args) {
            System.out.println("some log line");
            System.out.println("onednn_verbose,info,cpu,isa:Intel AVX2");
            System.out.println("onednn_verbose,primitive,exec,cpu,convolution,jit:avx2,forward_training,src_f32::blocked:abcd,,alg:convolution_direct,mb2_ic20oc4_ih8oh8kh3sh1dh0ph1_iw8ow8kw3sw1dw0pw1,0.1");
            System.out.println("onednn_verbose,primitive,exec,cpu,convolution,jit_1x1:avx2,backward_data,src_f32,,alg,mb2,0.1");
            System.out.println(CandidateCheckMain.MARKER + " PASS passed: fake check with ONEDNN_MAX_CPU_ISA="
                    + System.getenv("ONEDNN_MAX_CPU_ISA") + " verbose=" + System.getenv("ONEDNN_VERBOSE"));
            System.exit(0);
        }
    }

    static final class Failing {
        public static void main(String[] args) {
            System.out.println(CandidateCheckMain.MARKER + " FAIL FAILED: output of conv2d batch 2, 20→4 channels: max error 11.2");
            System.exit(1);
        }
    }

    /** Dies the way a SIGILL or a segfault in a kernel would: no result line, a non-zero status. */
    static final class Crashing {
        public static void main(String[] args) {
            System.out.println("# A fatal error has been detected by the Java Runtime Environment: SIGSEGV");
            System.out.flush();
            Runtime.getRuntime().halt(134);
        }
    }

    static final class Hanging {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(60_000);
        }
    }
}
