package io.llmstream.sql;

import io.llmstream.core.task.TaskRegistry;
import io.llmstream.job.JobSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

/**
 * {@code 'provider' = 'onnx'}: models that run the job's in-process ONNX tasks. Options, the
 * input column and the output columns are checked when a query uses the model, with messages
 * naming the option or column and what is allowed.
 */
public final class OnnxModelProviderFactory implements ModelProviderFactory {
    public static final String IDENTIFIER = "onnx";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(OnnxModelOptions.TASK);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return OnnxModelOptions.optional();
    }

    @Override
    public ModelProvider createModelProvider(Context context) {
        ResolvedCatalogModel model = context.getCatalogModel();
        String name = context.getObjectIdentifier().asSummaryString();
        try {
            FactoryUtil.createModelProviderFactoryHelper(this, context).validateExcept(TaskRegistry.optionPrefixes().toArray(new String[0]));
        } catch (ValidationException e) {
            // Flink's check of a typed job setting says less than the job's own: give the job's message when it has one
            try {
                OnnxModelOptions.settings(model.getOptions());
            } catch (IllegalArgumentException settingError) {
                throw new IllegalArgumentException("model '" + name + "': " + settingError.getMessage(), settingError);
            }
            throw e;
        }
        try {
            Map<String, String> options = model.getOptions();
            String task = OnnxModelOptions.task(options);
            checkInput(model.getResolvedInputSchema().getColumns());
            OutputLayout layout = OutputLayout.of(model.getResolvedOutputSchema(), task);
            JobSettings settings = OnnxModelOptions.settings(options);
            return new OnnxModelProvider(new OnnxPredictFunction(name, settings, layout));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model '" + name + "': " + e.getMessage(), e);
        }
    }

    private static void checkInput(List<Column> input) {
        if (input.size() != 1 || !input.get(0).getDataType().getLogicalType().is(LogicalTypeFamily.CHARACTER_STRING)) {
            throw new IllegalArgumentException("INPUT must be one text column, e.g. INPUT (text STRING); found "
                    + input.stream().map(Column::toString).toList());
        }
    }
}
