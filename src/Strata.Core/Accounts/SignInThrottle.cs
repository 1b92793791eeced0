using System.Net;
using System.Net.Sockets;
using Strata.Core.Errors;

namespace Strata.Core.Accounts;

/// <summary>
/// Limits password guessing without locking out a classroom (SPEC §8): only failed attempts count,
/// per account and per client address, over a sliding window.
/// <list type="bullet">
/// <item>An account with <see cref="SignInLimits.PerAccount"/> failures refuses every attempt, even a correct one,
/// until its oldest failure leaves the window: an attacker spreading guesses over many addresses gains nothing.</item>
/// <item>An address with <see cref="SignInLimits.PerAddress"/> failures may still try accounts with fewer than
/// <see cref="SignInLimits.FewFailures"/> failures of their own: a student who types the right password signs in,
/// while someone guessing from that address gets only a few tries per account instead of the full allowance.</item>
/// </list>
/// Unknown emails are counted exactly like accounts, so a refusal says nothing about whether an account exists.
/// The counts live in this process; with several nodes each node counts on its own.
/// </summary>
public sealed class SignInThrottle(SignInLimits limits, TimeProvider clock)
{
    private readonly SlidingWindow accounts = new(limits.Window, limits.PerAccount);
    private readonly SlidingWindow addresses = new(limits.Window, limits.PerAddress);
    private readonly SlidingWindow resetEmails = new(limits.ResetEmailWindow, limits.ResetsPerEmail);
    private readonly SlidingWindow resetAddresses = new(limits.Window, limits.ResetsPerAddress);
    private readonly Lock gate = new();
    private readonly int few = Math.Min(SignInLimits.FewFailures, limits.PerAccount);

    /// <summary>
    /// Starts an attempt, or refuses it with the time to wait. The attempt counts as a failure from the
    /// start, so parallel guesses cannot all pass the check; <see cref="Attempt.Succeeded"/> takes it back.
    /// </summary>
    public Attempt Begin(string email, IPAddress? address)
    {
        var account = EmailAddress.Normalize(email);
        var from = AddressKey(address);
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var failures = accounts.Count(account, now);
            if (failures >= limits.PerAccount)
                throw new RateLimitedException(accounts.Until(account, limits.PerAccount, now),
                    "Too many failed sign-in attempts for this account.");
            if (failures >= few && addresses.Count(from, now) >= limits.PerAddress)
            {
                // Allowed again as soon as either the address or the account falls back under its bar.
                var addressWait = addresses.Until(from, limits.PerAddress, now);
                var accountWait = accounts.Until(account, few, now);
                throw new RateLimitedException(addressWait < accountWait ? addressWait : accountWait,
                    "Too many failed sign-in attempts from your network, several of them for this account.");
            }
            accounts.Add(account, now);
        }
        return new Attempt(this, account, from, now);
    }

    /// <summary>
    /// Counts a request for a password reset email, or refuses it. Every request counts, whether or not
    /// the account exists, so the answer never tells who has an account.
    /// </summary>
    public void RequestReset(string email, IPAddress? address)
    {
        var mailbox = EmailAddress.Normalize(email);
        var from = AddressKey(address);
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (resetAddresses.Count(from, now) >= limits.ResetsPerAddress)
                throw new RateLimitedException(resetAddresses.Until(from, limits.ResetsPerAddress, now),
                    "Too many password reset requests from your network.");
            if (resetEmails.Count(mailbox, now) >= limits.ResetsPerEmail)
                throw new RateLimitedException(resetEmails.Until(mailbox, limits.ResetsPerEmail, now),
                    "Too many password reset emails were asked for this email address.");
            resetAddresses.Add(from, now);
            resetEmails.Add(mailbox, now);
        }
    }

    /// <summary>One client address per key; an IPv6 client holds a whole /64, so the /64 is the key.</summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4().ToString();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>An attempt in progress: it stays a failure unless <see cref="Succeeded"/> is called.</summary>
    public sealed class Attempt
    {
        private readonly SignInThrottle owner;
        private readonly string account;
        private readonly string address;
        private readonly DateTimeOffset at;
        private bool settled;

        internal Attempt(SignInThrottle owner, string account, string address, DateTimeOffset at)
        {
            this.owner = owner;
            this.account = account;
            this.address = address;
            this.at = at;
        }

        /// <summary>The password was right: successful sign-ins never count against a limit.</summary>
        public void Succeeded()
        {
            if (settled)
                return;
            settled = true;
            lock (owner.gate)
                owner.accounts.Remove(account, at);
        }

        public void Failed()
        {
            if (settled)
                return;
            settled = true;
            lock (owner.gate)
                owner.addresses.Add(address, at);
        }
    }
}
