using System.Text.RegularExpressions;
using MimeKit;
using Strata.Core.Mail;

namespace Strata.Server.Hosting;

internal static partial class MailSetup
{
    /// <summary>SMTP when STRATA_SMTP is set; otherwise .eml files in the data folder's mail/ and the links in the log.</summary>
    public static IServiceCollection AddStrataMail(this IServiceCollection services, StrataSettings settings)
    {
        services.AddSingleton<ILinks, Links>();
        services.AddSingleton(new MailOptions
        {
            From = settings.MailFrom,
        });
        if (settings.Smtp is not null)
        {
            var server = SmtpEmailSender.ParseSetting(settings.Smtp);
            services.AddSingleton<IEmailSender>(new SmtpEmailSender(server));
        }
        else
        {
            services.AddSingleton<IEmailSender>(provider => new LoggedPickupSender(
                new PickupDirectoryEmailSender(Path.Combine(settings.DataDirectory, "mail")),
                provider.GetRequiredService<ILogger<LoggedPickupSender>>()));
        }
        services.AddHostedService<OutboxWorker>();
        return services;
    }

    /// <summary>Writes the .eml file and logs the message's links, so a single-machine install works without a mail server.</summary>
    internal sealed partial class LoggedPickupSender(PickupDirectoryEmailSender inner, ILogger<LoggedPickupSender> logger) : IEmailSender
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            await inner.SendAsync(message, ct);
            var links = LinkPattern().Matches(message.TextBody ?? "").Select(m => m.Value).Distinct();
            logger.LogInformation("Mail to {To} (\"{Subject}\") written to {Directory}. Links: {Links}",
                string.Join(", ", message.To), message.Subject, inner.Directory, string.Join(" ", links));
        }

        [GeneratedRegex(@"https?://\S+")]
        private static partial Regex LinkPattern();
    }
}
