/**
 * Security adapters: Supabase access tokens verified locally (JWKS with nimbus-jose-jwt, or the legacy HS256
 * secret), local-account access tokens (HS256 under {@code BACKEND_SECRET_KEY}), bcrypt password hashing
 * (spring-security-crypto) and the Fernet cipher of organization secrets (fernet-java8).
 */
package io.draftnrun.adapter.out.security;
