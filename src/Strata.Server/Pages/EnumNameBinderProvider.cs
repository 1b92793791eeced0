using Microsoft.AspNetCore.Mvc.ModelBinding;
using Strata.Core.Errors;
using Strata.Server.Api;

namespace Strata.Server.Pages;

/// <summary>
/// Form fields of enum type take only the enum's names, as the API's JSON does. MVC's own binder takes numbers
/// ("3" is a manager) and flag combinations, and on failure leaves the default value for a handler that never
/// looks at ModelState; a refusal here is a 400 that names the field.
/// </summary>
internal sealed class EnumNameBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType.IsEnum ? new Binder() : null;

    private sealed class Binder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (result == ValueProviderResult.None || string.IsNullOrEmpty(result.FirstValue))
                return Task.CompletedTask;
            var type = bindingContext.ModelMetadata.UnderlyingOrModelType;
            if (result.Length > 1 || !EnumNames.TryParse(type, result.FirstValue, out var value))
                throw new DomainException(ErrorCodes.InvalidRequest, $"The field '{bindingContext.ModelName}' must be {EnumNames.Expected(type)}.");
            bindingContext.Result = ModelBindingResult.Success(value);
            return Task.CompletedTask;
        }
    }
}
