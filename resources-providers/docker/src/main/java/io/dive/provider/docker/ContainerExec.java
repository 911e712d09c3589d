package io.dive.provider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.dive.spi.ProviderException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command inside a running container ({@code docker exec}), for changes only the service itself can
 * make (a PostgreSQL role's password over its local socket). What the command needs that is not for every
 * eye goes in the exec's environment, never on its command line: a command line shows in {@code ps} and in
 * the engine's exec record. (Not on stdin either: the engine does not pass a closed stdin on to the command
 * through docker-java's connection, and the command waits for more.)
 */
final class ContainerExec {

    /** What the command said and how it ended. */
    record Result(int exitCode, String out, String err) {
    }

    private ContainerExec() {
    }

    /**
     * @param env {@code NAME=value} entries for the command's environment
     * @throws ProviderException naming the container and what Docker answered, when the exec cannot run
     */
    static Result run(DockerClient docker, String container, List<String> command, List<String> env, long timeoutSeconds) {
        String id;
        try {
            id = docker.execCreateCmd(container).withCmd(command.toArray(String[]::new)).withEnv(env).withAttachStdout(true).withAttachStderr(true)
                    .exec().getId();
        } catch (RuntimeException e) {
            throw new ProviderException("docker exec " + command.get(0) + " in container " + container + ": " + ContainerKind.brief(e));
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        ResultCallback.Adapter<Frame> collect = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame f) {
                String s = new String(f.getPayload(), StandardCharsets.UTF_8);
                (f.getStreamType() == StreamType.STDERR ? err : out).append(s);
            }
        };
        try {
            if (!docker.execStartCmd(id).exec(collect).awaitCompletion(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new ProviderException("docker exec " + command.get(0) + " in container " + container + ": no end within " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("docker exec " + command.get(0) + " in container " + container + ": interrupted");
        } catch (RuntimeException e) {
            if (e instanceof ProviderException) {
                throw e;
            }
            throw new ProviderException("docker exec " + command.get(0) + " in container " + container + ": " + ContainerKind.brief(e));
        } finally {
            try {
                collect.close();
            } catch (java.io.IOException ignored) {
                // the stream is done either way
            }
        }
        Long code = docker.inspectExecCmd(id).exec().getExitCodeLong();
        return new Result(code == null ? -1 : code.intValue(), out.toString(), err.toString());
    }
}
