package dev.flemme4j.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an exported model does; decides which serving endpoint answers for it. */
public enum Task {
    @JsonProperty("segment") SEGMENT,
    @JsonProperty("classify") CLASSIFY,
    @JsonProperty("reconstruct") RECONSTRUCT,
    @JsonProperty("sample") SAMPLE
}
