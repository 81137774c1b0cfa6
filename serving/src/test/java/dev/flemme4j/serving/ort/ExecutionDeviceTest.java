package dev.flemme4j.serving.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

class ExecutionDeviceTest {

    @Test
    void parsesTheThreeForms() {
        assertEquals(ExecutionDevice.Kind.CPU, ExecutionDevice.parse("cpu").kind());
        assertEquals(ExecutionDevice.Kind.AUTO, ExecutionDevice.parse("AUTO").kind());
        ExecutionDevice cuda = ExecutionDevice.parse("cuda:1");
        assertEquals(ExecutionDevice.Kind.CUDA, cuda.kind());
        assertEquals(1, cuda.cudaDevice());
        assertEquals("cuda:1", cuda.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.parse("tpu"));
        assertTrue(e.getMessage().contains("cpu, cuda:N or auto"), e.getMessage());
    }

    @Test
    void cudaAndAutoFallBackToCpuWithoutTheCudaBuild() throws Exception {
        // The default build carries CPU ONNX Runtime; with -Pgpu on a GPU host this would pick CUDA instead.
        boolean cudaBuild = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            String provider = ExecutionDevice.parse("auto").configure(options, "t");
            if (!cudaBuild) {
                assertEquals("CPU", provider);
            }
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            String provider = ExecutionDevice.parse("cuda:0").configure(options, "t");
            if (!cudaBuild) {
                assertEquals("CPU", provider);
            }
        }
    }
}
