package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.model.Task;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The endpoints serving offers, one {@link TaskRunner} per manifest task; tells which endpoint answers a model. */
public final class TaskRunners {

    private final Map<Task, TaskRunner> byTask = new EnumMap<>(Task.class);

    public TaskRunners(List<TaskRunner> runners) {
        for (TaskRunner r : runners) {
            if (byTask.put(r.task(), r) != null) {
                throw new IllegalArgumentException("two endpoints for task " + r.task());
            }
        }
    }

    public List<TaskRunner> all() {
        return List.copyOf(byTask.values());
    }

    public Optional<TaskRunner> forTask(Task task) {
        return Optional.ofNullable(byTask.get(task));
    }

    /** The path that answers models of {@code task}, e.g. {@code /v1/models/lung/classify}; empty when none does. */
    public Optional<String> pathFor(String modelName, Task task) {
        return forTask(task).map(r -> "/v1/models/" + modelName + "/" + r.endpoint());
    }
}
