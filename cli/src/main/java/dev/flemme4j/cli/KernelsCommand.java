package dev.flemme4j.cli;

import dev.flemme4j.worker.kernels.ChildJvmCandidateCheck;
import dev.flemme4j.worker.kernels.CpuInfo;
import dev.flemme4j.worker.kernels.HostKey;
import dev.flemme4j.worker.kernels.KernelCandidate;
import dev.flemme4j.worker.kernels.KernelProbe;
import dev.flemme4j.worker.kernels.KernelVerdict;
import dev.flemme4j.worker.kernels.VerdictCache;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kernels", mixinStandardHelpOptions = true,
        header = "Show or probe which CPU convolution kernels compute right on this host.",
        description = {"PyTorch's oneDNN convolutions were wrong with AVX2/AVX-512 kernels on one host and right on",
                "others, so flemme4j chooses per host by measurement. --probe checks the configurations of",
                "ONEDNN_MAX_CPU_ISA fastest first (ALL, AVX512_CORE, AVX2, AVX, SSE41; those this CPU can run), each",
                "in a short child JVM: 2D and 3D convolutions with tail channel counts at batch >= 2 against a direct",
                "double-precision computation (outputs and gradients), and repeated backward passes that must agree",
                "bit for bit. The first that passes is cached per host, PyTorch natives and check version in",
                "~/.cache/flemme4j (or $FLEMME_CACHE_DIR); ./flemme, run-tests, the bench scripts and the images",
                "export it, and a caller's own ONEDNN_MAX_CPU_ISA wins. ./flemme local and worker probe on first use.",
                "Without --probe: print the cached verdict (exit 3 when there is none).",
                "Exit status of --probe: 0 when a configuration passed, 3 when none did."})
final class KernelsCommand implements Callable<Integer> {
    static final int NO_VERDICT = 3;

    @Option(names = "--probe", description = "check now and cache the verdict (replaces the cached one)")
    boolean probe;

    @Option(names = "--all", description = "with --probe: check every configuration, not only up to the first that passes")
    boolean all;

    @Option(names = "--candidates", split = ",", paramLabel = "ISA",
            description = "with --probe: check only these, in this order (e.g. AVX2,SSE41)")
    List<String> candidates;

    @Override
    public Integer call() {
        HostKey key = HostKey.ofThisProcess();
        VerdictCache cache = VerdictCache.standard();
        Path file = cache.file(key);
        if (!probe) {
            Optional<KernelVerdict> cached = cache.load(key);
            if (cached.isEmpty()) {
                System.out.println("no kernel verdict for this host yet (" + file + "); run `flemme kernels --probe`");
                return NO_VERDICT;
            }
            print(cached.get(), file);
            return 0;
        }
        List<KernelCandidate> order = candidates == null ? KernelCandidate.forHost(CpuInfo.ofThisHost())
                : candidates.stream().map(KernelCandidate::named).toList();
        System.err.println("probing CPU kernels for " + (key.cpuModel().isEmpty() ? "this host" : key.cpuModel())
                + " with " + key.natives() + " (each configuration in its own JVM; a few seconds each)");
        KernelVerdict verdict = new KernelProbe(ChildJvmCandidateCheck.likeThisJvm(), Clock.systemUTC())
                .run(key, order, all, System.err::println);
        Path written = cache.save(verdict);
        print(verdict, written);
        return verdict.passed() ? 0 : NO_VERDICT;
    }

    private static void print(KernelVerdict v, Path file) {
        System.out.println("ONEDNN_MAX_CPU_ISA=" + v.isa() + (v.passed() ? "" : "  (no configuration passed)"));
        System.out.println("why:      " + v.reason());
        System.out.println("verdict:  " + file + " (host key " + v.hostKey() + ", probed " + v.probedAt() + ")");
        System.out.println("host:     " + v.cpuModel() + "; natives " + v.natives());
        for (String attempt : v.attempts()) {
            System.out.println("  " + attempt);
        }
        String own = System.getenv("ONEDNN_MAX_CPU_ISA");
        if (own != null && !own.isBlank() && !own.equalsIgnoreCase(v.isa())) {
            System.out.println("note:     this shell sets ONEDNN_MAX_CPU_ISA=" + own + ", which wins over the verdict");
        }
    }
}
