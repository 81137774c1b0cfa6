package dev.flemme4j.cli;

import dev.flemme4j.cli.doctor.EngineFacts;
import dev.flemme4j.cli.doctor.PortStatus;
import dev.flemme4j.worker.kernels.ActiveKernels;
import dev.flemme4j.worker.kernels.CpuInfo;
import dev.flemme4j.worker.kernels.HostKey;
import dev.flemme4j.worker.kernels.KernelVerdict;
import dev.flemme4j.worker.kernels.VerdictCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        header = "Describe this machine as flemme4j sees it.",
        description = {"Print the host (CPU model, processors, the vector-ISA flags oneDNN chooses by), the CPU kernels",
                "chosen and where that came from (see `flemme kernels`), the engines (DJL and PyTorch with their",
                "natives, ONNX Runtime), the devices (CPU, CUDA GPUs), whether `flemme local`'s default ports are",
                "free on 127.0.0.1, and the state directory. Loads PyTorch and ONNX Runtime (a few seconds) unless",
                "--no-engines. Changes nothing."})
final class DoctorCommand implements Callable<Integer> {
    private static final String[] PORT_OPTIONS = {"--kafka-port", "--coordinator-port", "--worker-port", "--serving-port"};

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".flemme",
            description = "state directory to describe (default: ${DEFAULT-VALUE})")
    Path state;

    @Option(names = "--no-engines", description = "do not load PyTorch or ONNX Runtime (faster; no engine or device facts)")
    boolean noEngines;

    @Override
    public Integer call() {
        CpuInfo cpu = CpuInfo.ofThisHost();
        HostKey key = HostKey.ofThisProcess();
        section("host", List.of((cpu.model().isEmpty() ? System.getProperty("os.arch") : cpu.model()) + ", "
                        + Runtime.getRuntime().availableProcessors() + " processors, " + System.getProperty("os.name") + " "
                        + System.getProperty("os.version") + ", Java " + System.getProperty("java.version"),
                "vector ISA flags: " + (cpu.kernelFlags().isEmpty() ? "(unknown)" : cpu.kernelFlags())));
        section("kernels", kernels(key));
        if (!noEngines) {
            section("engine", EngineFacts.engines(key.natives()));
            section("devices", EngineFacts.devices());
        }
        section("ports", List.of(ports()));
        section("state", List.of(state(state)));
        return 0;
    }

    private static List<String> kernels(HostKey key) {
        List<String> lines = new ArrayList<>();
        lines.add(ActiveKernels.ofThisProcess().describe());
        VerdictCache cache = VerdictCache.standard();
        Optional<KernelVerdict> cached = cache.load(key);
        if (cached.isEmpty()) {
            lines.add("no verdict cached for this host (" + cache.file(key) + "): `flemme local` and `flemme worker`"
                    + " probe on first use through ./flemme, or run `flemme kernels --probe`");
        } else {
            lines.add("cached verdict: " + cached.get().isa() + (cached.get().passed() ? "" : " (none passed)") + " in "
                    + cache.file(key) + ", probed " + cached.get().probedAt());
            cached.get().attempts().forEach(a -> lines.add("  " + a));
        }
        return lines;
    }

    /** The defaults of {@code flemme local}, read from its options so the two never disagree. */
    private static String ports() {
        CommandLine.Model.CommandSpec local = new CommandLine(new LocalCommand()).getCommandSpec();
        List<String> parts = new ArrayList<>();
        for (String option : PORT_OPTIONS) {
            int port = Integer.parseInt(local.findOption(option).defaultValue());
            String role = option.substring(2, option.length() - "-port".length());
            parts.add(role + " " + port + (PortStatus.free("127.0.0.1", port) ? " free" : " IN USE"));
        }
        return "127.0.0.1: " + String.join(", ", parts) + " (flemme local's defaults; --*-port 0 picks free ones)";
    }

    private static String state(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            return abs + " (not there yet; flemme local creates it)";
        }
        try {
            long free = Files.getFileStore(abs).getUsableSpace();
            return abs + " (exists; " + String.format("%.1f", free / 1e9) + " GB free on its disk)";
        } catch (IOException e) {
            return abs + " (exists)";
        }
    }

    private static void section(String name, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            System.out.printf("%-8s %s%n", i == 0 ? name : "", lines.get(i));
        }
    }
}
