package io.dive.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code dive --version} says: the version and the commit the jar was built from, both written into
 * the jar by the build (version.properties, filtered by Maven; git.properties, by git-commit-id-maven-plugin).
 * A build from sources outside git says so instead of a commit.
 */
public final class BuildVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    /** {@code dive 0.1.0 (commit 0123456789ab)}, with {@code , modified} when the tree had uncommitted changes. */
    public static String line() {
        Properties version = load("version.properties");
        Properties git = load("git.properties");
        String commit = git.getProperty("git.commit.id.abbrev", "");
        return "dive " + version.getProperty("version", "unknown") + " (" + (commit.isEmpty() ? "built outside git" : "commit " + commit
                + ("true".equals(git.getProperty("git.dirty")) ? ", modified" : "")) + ")";
    }

    private static Properties load(String name) {
        Properties p = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(name)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource is as good as none: the line says "unknown"
        }
        return p;
    }
}
