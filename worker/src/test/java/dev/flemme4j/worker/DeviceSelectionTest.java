package dev.flemme4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** Device choice is pure logic over the GPU count, so it is tested here without a GPU. */
class DeviceSelectionTest {
    @Test
    void autoPicksTheFirstGpuWhenThereIsOne() {
        assertEquals(Device.gpu(0), DeviceSelection.resolve("auto", null, 2));
        assertEquals(Device.cpu(), DeviceSelection.resolve("auto", null, 0));
    }

    @Test
    void theJobMayNarrowButNotWidenWhatTheWorkerOffers() {
        assertEquals(Device.gpu(1), DeviceSelection.resolve("auto", "cuda:1", 2));
        assertEquals(Device.cpu(), DeviceSelection.resolve("auto", "cpu", 2));
        assertEquals(Device.cpu(), DeviceSelection.resolve("cpu", "cuda:0", 2), "a CPU-only worker stays on CPU");
        assertEquals(Device.cpu(), DeviceSelection.resolve("auto", "cuda:0", 0), "no GPU: CPU fallback");
    }

    @Test
    void missingGpuIndexFallsBackAndGarbageIsRefused() {
        assertEquals(Device.cpu(), DeviceSelection.resolve("cuda:3", null, 2));
        assertThrows(IllegalArgumentException.class, () -> DeviceSelection.resolve("tpu", null, 1));
        assertThrows(IllegalArgumentException.class, () -> DeviceSelection.resolve("cuda:x", null, 1));
    }
}
