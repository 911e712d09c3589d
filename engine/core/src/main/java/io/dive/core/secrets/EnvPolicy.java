package io.dive.core.secrets;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Which environment variables a manifest may read ({@code ${env:NAME}}, {@code ${secret:env:NAME}}):
 * names that start with {@code DIVE_}, and those the operator lists in {@code DIVE_ALLOW_ENV}
 * (comma-separated) or {@code --allow-env}. A manifest from a pull request can then not print or send
 * the runner's other variables (a CI token) anywhere.
 */
public final class EnvPolicy {

    public static final String ALLOW = "DIVE_ALLOW_ENV";

    private EnvPolicy() {
    }

    public static boolean allowed(String name, Function<String, String> env) {
        if (name.startsWith("DIVE_")) {
            return true;
        }
        String list = env.apply(ALLOW);
        return list != null && Arrays.stream(list.split(",")).map(String::trim).anyMatch(name::equals);
    }

    /** The sentence an error about a refused name ends with. */
    public static String rule() {
        return "a manifest reads only variables named DIVE_*, and those listed in " + ALLOW + " or --allow-env";
    }
}
