package io.github.cellinr.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;

/** The one JSON mapper of the project: pretty output, stable key order for records, strict on unknowns. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    /** Shared, thread-safe once configured; do not reconfigure. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * What was wrong with a JSON file, in the user's words: the field it concerns and the problem, without the
     * Java class names, line breaks and source excerpts of Jackson's own messages. A value our records reject
     * (e.g. {@code micrometresPerUnit: 0}) reads as the record's own check: "micrometresPerUnit: micrometres per
     * unit must be positive, got 0.0".
     */
    public static String problem(IOException e) {
        String where = e instanceof DatabindException d ? fieldPath(d) : "";
        String what;
        if (e instanceof ValueInstantiationException v && v.getCause() != null && v.getCause().getMessage() != null) {
            what = v.getCause().getMessage();
        } else if (e instanceof JsonProcessingException j) {
            what = j.getOriginalMessage();
        } else {
            what = e.getMessage();
        }
        what = String.valueOf(what).lines().findFirst().orElse("")
                // `io.github.cellinr.model.ModelConfig` or `java.lang.Double` -> ModelConfig, Double
                .replaceAll("`?\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_]*)(?:\\$[A-Za-z0-9_]+)*`?", "$1")
                .replaceAll("Cannot construct instance of [A-Z][A-Za-z0-9_]*", "invalid value")
                .strip();
        return where.isEmpty() ? what : where + ": " + what;
    }

    /** The JSON path of the failing field, e.g. {@code config.micrometresPerUnit}, or "" at the top. */
    private static String fieldPath(DatabindException e) {
        StringBuilder sb = new StringBuilder();
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    sb.append('[').append(r.getIndex()).append(']');
                }
            }
        }
        return sb.toString();
    }
}
