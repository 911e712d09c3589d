package io.dive.core.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.TextNode;
import io.dive.core.plan.AttributeChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After a write, a value the server holds otherwise is its rewrite, said as such; one it does not hold was not kept. No guessing. */
class InconsistencyMessageTest {

    @Test
    void aRewriteAndAValueNotKeptAreToldApart() {
        AttributeChange rewritten = new AttributeChange("/passwordPolicy", TextNode.valueOf("length(12)"), TextNode.valueOf("length(12) and digits(1)"), false);
        AttributeChange secret = new AttributeChange("/secret", TextNode.valueOf("sensitive:aa"), TextNode.valueOf("sensitive:bb"), true);
        assertEquals("inconsistent result after update: the server changed passwordPolicy to \"length(12)\" when it was sent"
                + " \"length(12) and digits(1)\" (and 1 more: secret); declare it as the server writes it, or every apply will send it again",
                Applier.inconsistency("update", List.of(rewritten, secret)));
        AttributeChange dropped = new AttributeChange("/attributes/clearance", null, TextNode.valueOf("SECRET"), false);
        assertEquals("inconsistent result after create: the server does not hold attributes.clearance (sent \"SECRET\"); it did not keep what it"
                + " accepted (restarted mid-write?); the next apply sets it again", Applier.inconsistency("create", List.of(dropped)));
    }
}
