package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.casefile.testing.TestIssuer;
import dev.casefile.config.ConsoleSettings;
import java.net.InetAddress;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AgentsTest {

    private static final String AUDIENCE = "casefile-console";
    private static final String EMAIL = "ada@support.example";

    private static ECKey ecKey;
    private static TestIssuer issuer;

    @BeforeAll
    static void startIssuer() throws JOSEException {
        ecKey = new ECKeyGenerator(Curve.P_256).keyID("test-ec").generate();
        issuer = new TestIssuer(List.of(ecKey));
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    private static Agents oidc(String workspacesClaim) {
        return oidc(issuer.issuer(), issuer.jwksUrl(), Agents.DEFAULT_AGENT_CLAIM, workspacesClaim);
    }

    private static Agents oidc(String iss, URL jwks, String agentClaim, String workspacesClaim) {
        return Agents.of(Optional.of(new ConsoleSettings.Oidc(iss, jwks, AUDIENCE, agentClaim, workspacesClaim)), Optional.empty());
    }

    private static Agents proxy(String... cidrs) {
        return Agents.of(Optional.empty(), Optional.of(new Agents.Proxy(List.of(cidrs), "X-Forwarded-User")));
    }

    private static String es256(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ecKey.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(ecKey));
        return jwt.serialize();
    }

    /** Refused for the reason {@code why} names, with a message that gives away neither the token nor the agent. */
    private static void assertRefused(Agents agents, String token, String why) {
        AgentRefusedException e = assertThrows(AgentRefusedException.class, () -> agents.fromBearer(token));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertFalse(e.getMessage().contains(EMAIL), e.getMessage());
        assertFalse(e.getMessage().contains(token), e.getMessage());
        assertEquals(null, e.getCause());
    }

    @Nested
    class Oidc {

        @Test
        void aValidTokenNamesTheAgentAndItsWorkspaces() {
            Agent agent = oidc("workspaces").fromBearer(issuer.token(EMAIL, List.of("ws-1", "ws-2"), AUDIENCE)).orElseThrow();

            assertEquals(new Agent(EMAIL, AgentSource.OIDC, Optional.of(Set.of("ws-1", "ws-2"))), agent);
            assertTrue(agent.maySee("ws-2"));
            assertFalse(agent.maySee("ws-3"));
        }

        @Test
        void anEs256TokenFromAPublishedEcKeyIsAccepted() throws JOSEException {
            String token = es256(issuer.claims(EMAIL, List.of("ws-1"), AUDIENCE).build());

            assertEquals(Optional.of(new Agent(EMAIL, AgentSource.OIDC, Optional.of(Set.of("ws-1")))), oidc("workspaces").fromBearer(token));
        }

        @Test
        void withNoWorkspacesClaimConfiguredTheAgentSeesEveryWorkspace() {
            Agent agent = oidc("").fromBearer(issuer.token(EMAIL, List.of("ws-1"), AUDIENCE)).orElseThrow();

            assertEquals(Optional.empty(), agent.workspaces());
            assertTrue(agent.maySee("any"));
        }

        @Test
        void aConfiguredWorkspacesClaimMissingFromTheTokenGivesNoWorkspace() {
            Agent agent = oidc("workspaces").fromBearer(issuer.token(EMAIL, null, AUDIENCE)).orElseThrow();

            assertEquals(Optional.of(Set.of()), agent.workspaces());
            assertFalse(agent.maySee("ws-1"));
        }

        @Test
        void aStringWorkspacesClaimIsOneWorkspace() {
            String token = issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).claim("workspaces", "ws-9").build());

            assertEquals(Optional.of(Set.of("ws-9")), oidc("workspaces").fromBearer(token).orElseThrow().workspaces());
        }

        @Test
        void aWorkspacesClaimOfAnotherShapeIsRefused() {
            assertRefused(oidc("workspaces"), issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).claim("workspaces", 7).build()), "workspaces claim");
            assertRefused(oidc("workspaces"), issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).claim("workspaces", List.of("ws-1", 2)).build()), "workspaces claim");
        }

        @Test
        void anotherAgentClaimCanNameTheAgent() {
            String token = issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).claim("preferred_username", "ada").build());

            Agent agent = oidc(issuer.issuer(), issuer.jwksUrl(), "preferred_username", "").fromBearer(token).orElseThrow();
            assertEquals("ada", agent.name());
        }

        @Test
        void aTokenFromAnotherIssuerIsRefused() {
            assertRefused(oidc(""), issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).issuer("https://evil.example").build()), "claims");
            // The issuer must match exactly, not by prefix.
            assertRefused(oidc(""), issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).issuer(issuer.issuer() + "/").build()), "claims");
        }

        @Test
        void aTokenForAnotherAudienceIsRefused() {
            assertRefused(oidc(""), issuer.token(EMAIL, null, "another-client"), "claims");
            assertRefused(oidc(""), issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).audience(List.of()).build()), "claims");
        }

        @Test
        void aTokenWithOurAudienceAmongOthersIsAccepted() {
            String token = issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).audience(List.of("other", AUDIENCE)).build());

            assertEquals(EMAIL, oidc("").fromBearer(token).orElseThrow().name());
        }

        @Test
        void anExpiredTokenIsRefusedButASmallClockSkewIsAllowed() {
            Instant now = Instant.now();
            String expired = issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).expirationTime(Date.from(now.minus(Duration.ofMinutes(2)))).build());
            String justExpired = issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).expirationTime(Date.from(now.minusSeconds(20))).build());

            assertRefused(oidc(""), expired, "claims");
            assertEquals(EMAIL, oidc("").fromBearer(justExpired).orElseThrow().name());
        }

        @Test
        void aTokenWithoutExpiryIsRefused() {
            assertRefused(oidc(""), issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).expirationTime(null).build()), "claims");
        }

        @Test
        void aTokenWithoutTheAgentClaimIsRefused() {
            assertRefused(oidc(""), issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).claim("email", null).build()), "claims");
        }

        @Test
        void anAgentClaimThatIsNoUsableNameIsRefused() {
            assertRefused(oidc(""), issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).claim("email", 42).build()), "agent claim");
            assertRefused(oidc(""), issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).claim("email", "ada\n@x").build()), "agent claim");
            assertRefused(oidc(""), issuer.sign(issuer.claims(EMAIL, null, AUDIENCE).claim("email", " ").build()), "agent claim");
        }

        @Test
        void aTokenSignedByAKeyNotInTheJwksIsRefused() throws JOSEException {
            JWTClaimsSet claims = issuer.claims(EMAIL, null, AUDIENCE).build();
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
            // Another key id: no key to verify with.
            SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build(), claims);
            unknownKid.sign(new RSASSASigner(stranger));
            // The issuer's key id, another key: the signature does not verify.
            SignedJWT sameKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(issuer.key().getKeyID()).build(), claims);
            sameKid.sign(new RSASSASigner(stranger));

            assertRefused(oidc(""), unknownKid.serialize(), "no key");
            assertRefused(oidc(""), sameKid.serialize(), "signature");
        }

        @Test
        void aTamperedTokenIsRefused() {
            String token = issuer.token(EMAIL, null, AUDIENCE);
            String other = issuer.token("eve@support.example", null, AUDIENCE);
            String[] a = token.split("\\.");
            String[] b = other.split("\\.");

            assertRefused(oidc(""), a[0] + "." + b[1] + "." + a[2], "signature");
        }

        @Test
        void anUnsignedTokenIsRefused() {
            assertRefused(oidc(""), new PlainJWT(issuer.claims(EMAIL, null, AUDIENCE).build()).serialize(), "unsigned");
        }

        @Test
        void anHs256TokenKeyedWithThePublicKeyIsRefused() throws JOSEException {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuer.key().getKeyID()).build(),
                    issuer.claims(EMAIL, null, AUDIENCE).build());
            jwt.sign(new MACSigner(issuer.key().toPublicKey().getEncoded()));

            assertRefused(oidc(""), jwt.serialize(), "no key");
        }

        @Test
        void aBearerThatIsNoJwtIsNotAnAgent() {
            Agents agents = oidc("");

            assertEquals(Optional.empty(), agents.fromBearer("the-shared-console-token"));
            assertEquals(Optional.empty(), agents.fromBearer("a.b.c"));
            assertEquals(Optional.empty(), agents.fromBearer(""));
            assertEquals(Optional.empty(), agents.fromBearer(null));
        }

        @Test
        void anOverlongBearerIsRefused() {
            assertRefused(oidc(""), "x".repeat(Agents.MAX_TOKEN_CHARS + 1), "too long");
        }

        @Test
        void withoutOidcNoBearerIsAnAgent() {
            Agents agents = Agents.of(Optional.empty(), Optional.empty());

            assertFalse(agents.oidcEnabled());
            assertEquals(Optional.empty(), agents.fromBearer(issuer.token(EMAIL, null, AUDIENCE)));
            assertTrue(oidc("").oidcEnabled());
        }

        @Test
        void theJwksIsFetchedOnceAndCached() {
            try (TestIssuer own = new TestIssuer()) {
                Agents agents = oidc(own.issuer(), own.jwksUrl(), Agents.DEFAULT_AGENT_CLAIM, "");
                assertEquals(0, own.jwksRequests(), "keys are fetched on first use");

                for (int i = 0; i < 5; i++) {
                    assertEquals(EMAIL, agents.fromBearer(own.token(EMAIL, null, AUDIENCE)).orElseThrow().name());
                }
                assertEquals(1, own.jwksRequests());
            }
        }

        @Test
        void whenTheJwksCannotBeFetchedTokensAreRefused() {
            TestIssuer gone = new TestIssuer();
            String token = gone.token(EMAIL, null, AUDIENCE);
            gone.close();

            assertRefused(oidc(gone.issuer(), gone.jwksUrl(), Agents.DEFAULT_AGENT_CLAIM, ""), token, "keys could not be fetched");
        }
    }

    @Nested
    class Proxy {

        @Test
        void aTrustedIpv4PeerNamesTheAgent() {
            assertEquals(Optional.of(new Agent("ada", AgentSource.PROXY, Optional.empty())),
                    proxy("127.0.0.1/32").fromProxy("127.0.0.1", "ada"));
        }

        @Test
        void aBareAddressIsThatAddressOnly() {
            Agents agents = proxy("192.168.1.10");

            assertTrue(agents.fromProxy("192.168.1.10", "ada").isPresent());
            assertEquals(Optional.empty(), agents.fromProxy("192.168.1.11", "ada"));
        }

        @Test
        void aCidrBlockTrustsItsWholeRange() {
            Agents agents = proxy("10.0.0.0/8", "172.16.0.0/12");

            assertTrue(agents.fromProxy("10.200.3.4", "ada").isPresent());
            assertTrue(agents.fromProxy("172.31.255.255", "ada").isPresent());
            assertEquals(Optional.empty(), agents.fromProxy("172.32.0.0", "ada"));
            assertEquals(Optional.empty(), agents.fromProxy("11.0.0.1", "ada"));
        }

        @Test
        void ipv6PeersMatchIpv6Blocks() {
            Agents agents = proxy("::1/128", "fd00::/8");

            assertTrue(agents.fromProxy("[::1]", "ada").isPresent());
            assertTrue(agents.fromProxy("0:0:0:0:0:0:0:1", "ada").isPresent());
            assertTrue(agents.fromProxy("[fd12:3456::7%eth0]", "ada").isPresent());
            assertEquals(Optional.empty(), agents.fromProxy("::2", "ada"));
            assertEquals(Optional.empty(), agents.fromProxy("fe80::1", "ada"));
            assertEquals(Optional.empty(), agents.fromProxy("127.0.0.1", "ada"));
        }

        @Test
        void aPeerGivenAsAnAddressIsMatchedTheSameWay() {
            Agents agents = proxy("127.0.0.0/8", "::1");

            assertTrue(agents.fromProxy(InetAddress.getLoopbackAddress(), "ada").isPresent());
            assertTrue(agents.fromProxy(Cidr.literal("::1"), "ada").isPresent());
            assertEquals(Optional.empty(), agents.fromProxy(Cidr.literal("198.51.100.1"), "ada"));
            assertEquals(Optional.empty(), agents.fromProxy((InetAddress) null, "ada"));
        }

        @Test
        void anIpv4MappedPeerMatchesItsIpv4Block() {
            assertTrue(proxy("10.0.0.0/8").fromProxy("::ffff:10.1.2.3", "ada").isPresent());
        }

        @Test
        void theHeaderFromAnUntrustedPeerIsIgnored() {
            Agents agents = proxy("127.0.0.1/32");

            assertEquals(Optional.empty(), agents.fromProxy("203.0.113.9", "ada"));
            assertEquals(Optional.empty(), agents.fromProxy("localhost", "ada"));
            assertEquals(Optional.empty(), agents.fromProxy("", "ada"));
            assertEquals(Optional.empty(), agents.fromProxy((String) null, "ada"));
            // Even a bad value is no refusal from an untrusted peer: it is just not listened to.
            assertEquals(Optional.empty(), agents.fromProxy("203.0.113.9", "a\nb"));
        }

        @Test
        void noHeaderOrNoProxyIsNoAgent() {
            assertEquals(Optional.empty(), proxy("127.0.0.1").fromProxy("127.0.0.1", null));
            assertEquals(Optional.empty(), Agents.of(Optional.empty(), Optional.empty()).fromProxy("127.0.0.1", "ada"));
            assertEquals(Optional.of("X-Forwarded-User"), proxy("127.0.0.1").proxyHeader());
            assertEquals(Optional.empty(), Agents.of(Optional.empty(), Optional.empty()).proxyHeader());
        }

        @Test
        void aTrustedPeersBadHeaderValueIsRefused() {
            Agents agents = proxy("127.0.0.1");

            for (String bad : List.of("", "   ", "ada\nadmin", "ada\u0000", "ada\u007f", "ada\u2028", "x".repeat(257))) {
                assertThrows(AgentRefusedException.class, () -> agents.fromProxy("127.0.0.1", bad), bad);
            }
            assertEquals(256, agents.fromProxy("127.0.0.1", "x".repeat(256)).orElseThrow().name().length());
            assertEquals("Ada Lovelace <ada@x>", agents.fromProxy("127.0.0.1", "Ada Lovelace <ada@x>").orElseThrow().name());
        }

        @Test
        void aBadTrustedAddressIsRejectedByName() {
            for (String bad : List.of("10.0.0.0/33", "::1/129", "10.0.0/8", "300.0.0.1", "010.0.0.1", "example.com",
                    "10.0.0.0/x", "10.0.0.0/", "", "::1/-1", "10.0.0.0/8/8")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> proxy(bad), bad);
                assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            }
        }

        @Test
        void aProxyWithNoTrustedAddressIsRejected() {
            assertThrows(IllegalArgumentException.class, () -> proxy());
        }
    }

    @Nested
    class Blocks {

        @Test
        void aPrefixOffAByteBoundaryMasksPartOfAByte() {
            Cidr block = Cidr.parse("10.0.0.0/12");

            assertTrue(block.contains(Cidr.literal("10.15.255.255")));
            assertFalse(block.contains(Cidr.literal("10.16.0.0")));
        }

        @Test
        void bitsPastThePrefixAreIgnored() {
            assertEquals("10.0.0.0/8", Cidr.parse("10.1.2.3/8").toString());
            assertTrue(Cidr.parse("10.1.2.3/8").contains(Cidr.literal("10.9.9.9")));
        }

        @Test
        void slashZeroIsEveryAddressOfItsFamily() {
            assertTrue(Cidr.parse("0.0.0.0/0").contains(Cidr.literal("203.0.113.9")));
            assertFalse(Cidr.parse("0.0.0.0/0").contains(Cidr.literal("::1")));
            assertTrue(Cidr.parse("::/0").contains(Cidr.literal("2001:db8::1")));
        }
    }
}
