namespace Strata.Server.Auth;

/// <summary>The token is real but its account was disabled: refused with a reason, unlike an unknown token.</summary>
internal sealed class DisabledAccount() : Exception("The account of this token is disabled.");
