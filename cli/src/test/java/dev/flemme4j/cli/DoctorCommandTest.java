package dev.flemme4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.cli.doctor.PortStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `flemme doctor` and `flemme kernels` as the README describes them. */
class DoctorCommandTest {
    private static List<String> sections(String out) {
        return out.lines().filter(l -> !l.startsWith(" ")).map(l -> l.split("\\s+")[0]).toList();
    }

    @Test
    void withoutEnginesItDescribesHostKernelsPortsAndState(@TempDir Path state) {
        CliRun r = CliRun.of("doctor", "--no-engines", "--state-dir", state.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("host", "kernels", "ports", "state"), sections(r.out()), r.out());
        assertTrue(r.out().contains("ONEDNN_MAX_CPU_ISA="), r.out());
        assertTrue(r.out().contains("kafka 9092") && r.out().contains("coordinator 8080") && r.out().contains("worker 8081")
                && r.out().contains("serving 8090"), r.out());
        assertTrue(r.out().contains(state.toAbsolutePath() + " (exists;"), r.out());
    }

    @Test
    void withEnginesItNamesPyTorchOnnxRuntimeAndTheDevices() {
        CliRun r = CliRun.of("doctor", "--state-dir", "/nonexistent/state");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("host", "kernels", "engine", "devices", "ports", "state"), sections(r.out()), r.out());
        assertTrue(r.out().contains("PyTorch 2.3.0 (pytorch-native-") || r.out().contains("PyTorch 2.3.0 (none)"), r.out());
        assertTrue(r.out().contains("ONNX Runtime 1.23.2"), r.out());
        assertTrue(r.out().contains("CUDA: "), r.out());
        assertTrue(r.out().contains("not there yet"), r.out());
    }

    @Test
    void aPortSomeoneListensOnIsNotFree() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertFalse(PortStatus.free("127.0.0.1", taken.getLocalPort()));
        }
    }

    @Test
    void kernelsHelpExplainsTheProbe() {
        CliRun r = CliRun.of("kernels", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--probe") && r.out().contains("fastest first") && r.out().contains("~/.cache/flemme4j"), r.out());
    }
}
