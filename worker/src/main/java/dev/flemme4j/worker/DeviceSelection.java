package dev.flemme4j.worker;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the device for a job from the worker's {@code --device} and the job's Flemme {@code device} key.
 * A job may only narrow what the worker offers: a job asking for cuda on a CPU-only worker runs on CPU with a
 * log line instead of failing, because the same YAML must run on a laptop and on a GPU host.
 */
public final class DeviceSelection {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSelection.class);

    private DeviceSelection() {
    }

    public static Device resolve(String workerDevice, String jobDevice) {
        return resolve(workerDevice, jobDevice, Engine.getInstance().getGpuCount());
    }

    /** Pure form for tests: {@code gpus} is how many CUDA devices the engine sees. */
    static Device resolve(String workerDevice, String jobDevice, int gpus) {
        Device offered = parse(workerDevice == null ? "auto" : workerDevice, gpus);
        if (jobDevice == null || jobDevice.equals("auto") || !offered.isGpu()) {
            if (jobDevice != null && jobDevice.startsWith("cuda") && !offered.isGpu()) {
                LOG.info("job asks for {} but this worker has no GPU in use; training on CPU", jobDevice);
            }
            return offered;
        }
        if (jobDevice.equals("cpu")) {
            return Device.cpu();
        }
        Device wanted = parse(jobDevice, gpus);
        return !wanted.isGpu() ? offered : wanted;
    }

    static Device parse(String spec, int gpus) {
        String s = spec.trim().toLowerCase();
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (s.equals("cuda") || s.equals("gpu")) {
            s = "cuda:0";
        }
        if (s.startsWith("cuda:") || s.startsWith("gpu:")) {
            int id;
            try {
                id = Integer.parseInt(s.substring(s.indexOf(':') + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device '" + spec + "': expected cpu, auto or cuda:N");
            }
            if (id < 0 || id >= gpus) {
                LOG.warn("device {} is not available ({} GPU(s) visible); using CPU", spec, gpus);
                return Device.cpu();
            }
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("device '" + spec + "': expected cpu, auto or cuda:N");
    }
}
