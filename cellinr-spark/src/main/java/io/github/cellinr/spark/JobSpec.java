package io.github.cellinr.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything a task needs, broadcast once per job: the verb's arguments (each executor parses them into the same
 * options and plans the same shapes), the model's bytes, and what fixes the run's provenance (its time stamp and
 * input checksums, taken on the driver).
 *
 * @param runId        names this run in the executors' caches
 * @param verb         {@code generate} or {@code reconstruct}
 * @param arguments    the verb's arguments as given
 * @param model        the model, once
 * @param createdUtc   the run's time stamp, the same in every sequence's provenance
 * @param inputs       the run's inputs as the driver checksummed them: role, path, SHA-256
 * @param renderNames  shape name to its rendered sequence's name ({@code 01, 02, ...}), when rendering
 * @param hadoop       the driver's Hadoop configuration
 */
record JobSpec(String runId, String verb, List<String> arguments, ModelFiles model, String createdUtc,
               List<List<String>> inputs, Map<String, String> renderNames, HadoopConf hadoop)
        implements Serializable {
}
