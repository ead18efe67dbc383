import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { isRfc3339 } from '../timestamps';
import type {
  CodeableConcept,
  Coding,
  Dosage,
  Identifier,
  IdentifierReference,
  Period,
  Reference,
  Timing,
  TimingRepeat,
  UnitsOfTime,
} from './payloads';

/** Name of the constraint whose failure is reported as `CONTRACT.INVALID_TIMESTAMP`. */
export const INSTANT_CONSTRAINT = 'isRfc3339';

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Cls = () => Function;

/** A nested FHIR element (an object, never an array). */
export const NestedObject = (cls: Cls): PropertyDecorator => compose(IsObject(), ValidateNested(), Type(cls));

/** A nested FHIR list: FHIR forbids empty arrays, so a present list has at least one element. */
export const NestedArray = (cls: Cls): PropertyDecorator =>
  compose(IsArray(), ArrayNotEmpty(), ValidateNested({ each: true }), Type(cls));

/** An RFC 3339 date-time with zone naming a real instant. */
export const IsInstant = (): PropertyDecorator =>
  ValidateBy({
    name: INSTANT_CONSTRAINT,
    validator: {
      validate: (value: unknown) => isRfc3339(value),
      defaultMessage: () => '$property must be an RFC 3339 date-time with a zone (e.g. 2024-08-03T12:10:00Z)',
    },
  });

/** A non-empty string. */
export const Text = (options?: ValidationOptions): PropertyDecorator =>
  compose(IsString(options), IsNotEmpty(options));

export class CodingDto implements Coding {
  @IsOptional() @Text() system?: string;
  @IsOptional() @Text() code?: string;
  @IsOptional() @IsString() display?: string;
}

export class CodeableConceptDto implements CodeableConcept {
  @IsOptional() @NestedArray(() => CodingDto) coding?: CodingDto[];
  @IsOptional() @IsString() text?: string;
}

export class IdentifierDto implements Identifier {
  @IsOptional() @NestedObject(() => CodeableConceptDto) type?: CodeableConceptDto;
  @Text() system!: string;
  @Text() value!: string;
}

export class ReferenceDto implements Reference {
  @IsOptional() @Text() reference?: string;
  @IsOptional() @Text() type?: string;
  @IsOptional() @NestedObject(() => IdentifierDto) identifier?: IdentifierDto;
  @IsOptional() @IsString() display?: string;
}

export class IdentifierReferenceDto implements IdentifierReference {
  @IsOptional() @Text() reference?: string;
  @IsOptional() @Text() type?: string;
  @NestedObject(() => IdentifierDto) identifier!: IdentifierDto;
  @IsOptional() @IsString() display?: string;
}

export class PeriodDto implements Period {
  @IsOptional() @IsInstant() start?: string;
  @IsOptional() @IsInstant() end?: string;
}

const UNITS_OF_TIME: readonly UnitsOfTime[] = ['s', 'min', 'h', 'd', 'wk', 'mo', 'a'];

export class TimingRepeatDto implements TimingRepeat {
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) frequency?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) period?: number;
  @IsOptional() @IsIn(UNITS_OF_TIME) periodUnit?: UnitsOfTime;
}

export class TimingDto implements Timing {
  @IsOptional() @NestedObject(() => TimingRepeatDto) repeat?: TimingRepeatDto;
  @IsOptional() @NestedObject(() => CodeableConceptDto) code?: CodeableConceptDto;
}

export class DosageDto implements Dosage {
  @IsOptional() @IsString() text?: string;
  @IsOptional() @NestedObject(() => TimingDto) timing?: TimingDto;
}
