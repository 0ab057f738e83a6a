package dev.imagegen4j.testkit;

/** Where an OpenAI-Images-protocol request went: the operation plus Azure's deployment and api-version. Immutable. */
final class ImagesRoute {

    /** The three image operations. */
    enum Op {
        GENERATIONS, EDITS, VARIATIONS;

        /** {@code generations}, {@code edits} or {@code variations} when variations are served, else {@code null}. */
        static Op of(String name, boolean variationsAllowed) {
            switch (name) {
                case "generations": return GENERATIONS;
                case "edits": return EDITS;
                case "variations": return variationsAllowed ? VARIATIONS : null;
                default: return null;
            }
        }

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    final Op op;
    /** The deployment named in a classic Azure path; {@code null} elsewhere. */
    final String deployment;
    final boolean azureClassic;
    /** The {@code api-version} query parameter (Azure); {@code null} when absent. */
    final String apiVersion;
    /** Whether the api-version is a GA version of the classic route (image generations for dall-e-3 only). */
    final boolean azureGaVersion;

    ImagesRoute(Op op, String deployment, boolean azureClassic, String apiVersion, boolean azureGaVersion) {
        this.op = op;
        this.deployment = deployment;
        this.azureClassic = azureClassic;
        this.apiVersion = apiVersion;
        this.azureGaVersion = azureGaVersion;
    }

    static ImagesRoute of(Op op) {
        return new ImagesRoute(op, null, false, null, false);
    }
}
