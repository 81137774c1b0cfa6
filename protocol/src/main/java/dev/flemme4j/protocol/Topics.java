package dev.flemme4j.protocol;

/**
 * Every Kafka topic flemme4j uses, named in this one place. Producers, consumers, the embedded broker's
 * topic creation and the docs all refer to these constants.
 */
public final class Topics {
    /** Job submissions: value = the job's YAML text; key = job id, or empty for "coordinator, pick one". */
    public static final String JOBS = "flemme.jobs";
    /** Compacted; key = job id; value = JobState JSON. The source of truth for "where is my job". */
    public static final String JOB_STATE = "flemme.job-state";
    /** Coordinator → workers: WorkerCommand JSON, key = job id. */
    public static final String COMMANDS = "flemme.commands";
    /** Workers → coordinator: WorkerEvent JSON (heartbeats, progress, checkpoints, completion), key = job id. */
    public static final String EVENTS = "flemme.events";
    /** Compacted; key = model name; value = ModelRelease JSON (where the exported ONNX model lives). */
    public static final String MODELS = "flemme.models";
    /** Compacted; key = dataset id; value = DatasetIngestion JSON (so a dataset is ingested once). */
    public static final String DATASETS = "flemme.datasets";
    /**
     * Data-parallel replicas → each other: one TensorRecord of float32 parameters per replica and averaging round,
     * key = {@code <job>/<attempt>/<round>/<rank>}. Short retention: a round is read within seconds or never.
     */
    public static final String REPLICAS = "flemme.replicas";
    /** Inference over Kafka: request/response, key = request id. */
    public static final String INFER_REQUESTS = "flemme.infer.requests";
    public static final String INFER_RESPONSES = "flemme.infer.responses";

    /** Every topic above and every data topic starts with it; user topics (KafkaStream) must not. */
    public static final String INTERNAL_PREFIX = "flemme.";
    private static final String DATA_PREFIX = "flemme.data.";

    private Topics() {
    }

    /** The data topic holding one split ("train" or "val") of an ingested dataset, as tensor records. */
    public static String data(String datasetId, String split) {
        return DATA_PREFIX + datasetId + "." + split;
    }

    /** One of flemme4j's own topics (Kafka treats '.' and '_' alike in names, so 'flemme_' collides too). */
    public static boolean isInternal(String topic) {
        return topic.replace('_', '.').startsWith(INTERNAL_PREFIX);
    }

    public static boolean isDataTopic(String topic) {
        return topic.startsWith(DATA_PREFIX);
    }
}
